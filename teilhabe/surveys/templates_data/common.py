# ruff: noqa: E501 - texts in eleven languages read best one per line
"""Texts both ready questionnaires share. Every tuple holds one text in the order of
``LANGUAGES``: de, de-ls (Leichte Sprache), en, ar, uk, ru, fa, prs, tr, ro, bg."""

from __future__ import annotations

YES_NO = [
    ("yes", ("Ja", "Ja", "Yes", "نعم", "Так", "Да", "بله", "بلی", "Evet", "Da", "Да")),
    ("no", ("Nein", "Nein", "No", "لا", "Ні", "Нет", "خیر", "نخیر", "Hayır", "Nu", "Не")),
]

AGREE_5 = [
    (
        "5",
        (
            "Stimme voll zu",
            "Ja, genau so",
            "Fully agree",
            "أوافق تمامًا",
            "Повністю згоден/згодна",
            "Полностью согласен/согласна",
            "کاملاً موافقم",
            "کاملاً موافق هستم",
            "Tamamen katılıyorum",
            "Sunt complet de acord",
            "Напълно съм съгласен/съгласна",
        ),
    ),
    (
        "4",
        (
            "Stimme eher zu",
            "Eher ja",
            "Rather agree",
            "أوافق إلى حد ما",
            "Скоріше згоден/згодна",
            "Скорее согласен/согласна",
            "تا حدی موافقم",
            "تا اندازه‌ای موافق هستم",
            "Kısmen katılıyorum",
            "Sunt mai degrabă de acord",
            "По-скоро съм съгласен/съгласна",
        ),
    ),
    (
        "3",
        (
            "Teils, teils",
            "Halb und halb",
            "Partly",
            "بين بين",
            "Частково",
            "Отчасти",
            "تا اندازه‌ای",
            "نیمه نیمه",
            "Kısmen",
            "Parțial",
            "Отчасти",
        ),
    ),
    (
        "2",
        (
            "Stimme eher nicht zu",
            "Eher nein",
            "Rather disagree",
            "لا أوافق إلى حد ما",
            "Скоріше не згоден/згодна",
            "Скорее не согласен/согласна",
            "تا حدی مخالفم",
            "تا اندازه‌ای مخالف هستم",
            "Pek katılmıyorum",
            "Mai degrabă nu sunt de acord",
            "По-скоро не съм съгласен/съгласна",
        ),
    ),
    (
        "1",
        (
            "Stimme gar nicht zu",
            "Nein, gar nicht",
            "Do not agree at all",
            "لا أوافق أبدًا",
            "Зовсім не згоден/згодна",
            "Совсем не согласен/согласна",
            "اصلاً موافق نیستم",
            "هیچ موافق نیستم",
            "Hiç katılmıyorum",
            "Nu sunt deloc de acord",
            "Изобщо не съм съгласен/съгласна",
        ),
    ),
]

CONSENT = (
    "Der Landkreis stellt diese Fragen, um seine Arbeit für Zugewanderte zu planen. Die Teilnahme ist freiwillig. Sie können jederzeit aufhören und Fragen überspringen, die keine Pflichtfragen sind. Wir speichern keinen Namen, keine IP-Adresse und keine Uhrzeit. Ergebnisse zeigen wir nur für Gruppen von mehreren Personen.",
    "Der Landkreis will wissen: Wie geht es Ihnen? Sie müssen nicht mitmachen. Sie können immer aufhören. Wir speichern nicht Ihren Namen. Niemand weiß: Diese Antworten sind von Ihnen.",
    "The district asks these questions to plan its work for newcomers. Taking part is voluntary. You can stop at any time and skip questions that are not required. We store no name, no IP address and no time of day. We only show results for groups of several people.",
    "يطرح المقاطعة هذه الأسئلة لتخطيط عملها من أجل القادمين الجدد. المشاركة طوعية. يمكنك التوقف في أي وقت وتخطي الأسئلة غير الإلزامية. لا نحفظ أي اسم أو عنوان IP أو وقت. نعرض النتائج فقط لمجموعات من عدة أشخاص.",
    "Район ставить ці запитання, щоб планувати свою роботу для новоприбулих. Участь добровільна. Ви можете будь-коли зупинитися й пропустити необов'язкові запитання. Ми не зберігаємо ім'я, IP-адресу чи час. Результати показуємо лише для груп із кількох людей.",
    "Район задаёт эти вопросы, чтобы планировать свою работу для приезжих. Участие добровольное. Вы можете в любой момент прекратить и пропустить необязательные вопросы. Мы не сохраняем имя, IP-адрес и время. Результаты показываем только для групп из нескольких человек.",
    "شهرستان این پرسش‌ها را می‌پرسد تا کار خود را برای تازه‌واردان برنامه‌ریزی کند. شرکت داوطلبانه است. می‌توانید هر زمان متوقف شوید و از پرسش‌های غیرضروری بگذرید. ما نام، نشانی IP و ساعت را ذخیره نمی‌کنیم. نتایج را فقط برای گروه‌های چند نفره نشان می‌دهیم.",
    "ولسوالی این سوال‌ها را می‌پرسد تا کار خود را برای تازه‌واردان پلان کند. اشتراک داوطلبانه است. می‌توانید هر وقت توقف کنید و از سوال‌های غیرضروری بگذرید. ما نام، آدرس IP و ساعت را ذخیره نمی‌کنیم. نتایج را فقط برای گروه‌های چند نفری نشان می‌دهیم.",
    "İlçe bu soruları yeni gelenler için çalışmalarını planlamak amacıyla soruyor. Katılım gönüllüdür. İstediğiniz zaman bırakabilir ve zorunlu olmayan soruları atlayabilirsiniz. İsim, IP adresi ve saat kaydetmiyoruz. Sonuçları yalnızca birkaç kişilik gruplar için gösteriyoruz.",
    "Districtul pune aceste întrebări pentru a-și planifica activitatea pentru nou-veniți. Participarea este voluntară. Puteți opri oricând și puteți sări peste întrebările care nu sunt obligatorii. Nu salvăm numele, adresa IP sau ora. Arătăm rezultate doar pentru grupuri de mai multe persoane.",
    "Окръгът задава тези въпроси, за да планира работата си за новодошлите. Участието е доброволно. Можете да спрете по всяко време и да пропуснете въпроси, които не са задължителни. Не пазим име, IP адрес и час. Показваме резултати само за групи от няколко души.",
)

THANKS = (
    "Vielen Dank! Ihre Antworten helfen dem Landkreis, seine Angebote zu verbessern.",
    "Danke! Ihre Antworten helfen uns. Dann können wir besser helfen.",
    "Thank you! Your answers help the district to improve its offers.",
    "شكرًا لك! تساعد إجاباتك المقاطعة على تحسين خدماتها.",
    "Дякуємо! Ваші відповіді допомагають району покращити свої пропозиції.",
    "Спасибо! Ваши ответы помогают району улучшить свои услуги.",
    "سپاسگزاریم! پاسخ‌های شما به شهرستان کمک می‌کند خدماتش را بهتر کند.",
    "تشکر! جواب‌های شما به ولسوالی کمک می‌کند خدماتش را بهتر کند.",
    "Teşekkürler! Yanıtlarınız ilçenin hizmetlerini iyileştirmesine yardımcı oluyor.",
    "Vă mulțumim! Răspunsurile dumneavoastră ajută districtul să își îmbunătățească serviciile.",
    "Благодарим ви! Отговорите ви помагат на окръга да подобри услугите си.",
)
