"""Template (b): "Kinder in Gemeinschaftsunterkünften" – children's well-being in shared
accommodation, asked of parents.

Order of every text tuple: de, de-ls, en, ar, uk, ru, fa, prs, tr, ro, bg."""

from __future__ import annotations

from .common import AGREE_5, CONSENT, THANKS, YES_NO

FORM_ID = "teilhabe_kinder_in_unterkuenften"
VERSION = "2026-1"

TITLE = ("Kinder in Gemeinschaftsunterkünften", "Kinder im Wohnheim", "Children's well-being in shared accommodation", "رفاه الأطفال في السكن الجماعي", "Добробут дітей у спільному житлі", "Благополучие детей в общежитиях", "وضعیت کودکان در اقامتگاه‌های جمعی", "وضعیت اطفال در اقامتگاه‌های جمعی", "Toplu konaklamada çocukların iyiliği", "Bunăstarea copiilor în centrele de cazare", "Благополучието на децата в общежитията")
INTRO = (
    "Diese Fragen richten sich an Eltern, die mit ihren Kindern in einer Gemeinschaftsunterkunft leben. Wir möchten wissen, was Ihre Kinder brauchen. Das dauert etwa 5 Minuten.",
    "Diese Fragen sind für Eltern. Sie wohnen mit Ihren Kindern in einem Wohnheim. Wir wollen wissen: Was brauchen Ihre Kinder? Das dauert 5 Minuten.",
    "These questions are for parents who live with their children in shared accommodation. We would like to know what your children need. It takes about 5 minutes.",
    "هذه الأسئلة موجهة للآباء والأمهات الذين يعيشون مع أطفالهم في سكن جماعي. نود أن نعرف ما يحتاجه أطفالك. يستغرق ذلك حوالي 5 دقائق.",
    "Ці запитання для батьків, які живуть із дітьми у спільному житлі. Ми хочемо знати, чого потребують ваші діти. Це займе близько 5 хвилин.",
    "Эти вопросы для родителей, которые живут с детьми в общежитии. Мы хотим узнать, что нужно вашим детям. Это займёт около 5 минут.",
    "این پرسش‌ها برای والدینی است که با فرزندان خود در اقامتگاه جمعی زندگی می‌کنند. می‌خواهیم بدانیم فرزندان شما به چه نیاز دارند. حدود ۵ دقیقه طول می‌کشد.",
    "این سوال‌ها برای والدینی است که با اطفال خود در اقامتگاه جمعی زندگی می‌کنند. می‌خواهیم بدانیم اطفال شما به چه ضرورت دارند. حدود ۵ دقیقه وقت می‌گیرد.",
    "Bu sorular, çocuklarıyla toplu konaklama yerinde yaşayan ebeveynler içindir. Çocuklarınızın neye ihtiyacı olduğunu öğrenmek istiyoruz. Yaklaşık 5 dakika sürer.",
    "Aceste întrebări sunt pentru părinții care locuiesc cu copiii într-un centru de cazare comun. Vrem să știm de ce au nevoie copiii dumneavoastră. Durează aproximativ 5 minute.",
    "Тези въпроси са за родители, които живеят с децата си в общежитие. Искаме да знаем от какво имат нужда децата ви. Отнема около 5 минути.",
)
CONSENT = CONSENT
THANKS = THANKS

LISTS = {
    "yes_no": YES_NO,
    "agree": AGREE_5,
    "ages": [
        ("0_2", ("0 bis 2 Jahre", "0 bis 2 Jahre", "0 to 2 years", "من 0 إلى 2 سنة", "0–2 роки", "0–2 года", "۰ تا ۲ سال", "۰ تا ۲ سال", "0–2 yaş", "0–2 ani", "0–2 години")),
        ("3_5", ("3 bis 5 Jahre", "3 bis 5 Jahre", "3 to 5 years", "من 3 إلى 5 سنوات", "3–5 років", "3–5 лет", "۳ تا ۵ سال", "۳ تا ۵ سال", "3–5 yaş", "3–5 ani", "3–5 години")),
        ("6_11", ("6 bis 11 Jahre", "6 bis 11 Jahre", "6 to 11 years", "من 6 إلى 11 سنة", "6–11 років", "6–11 лет", "۶ تا ۱۱ سال", "۶ تا ۱۱ سال", "6–11 yaş", "6–11 ani", "6–11 години")),
        ("12_17", ("12 bis 17 Jahre", "12 bis 17 Jahre", "12 to 17 years", "من 12 إلى 17 سنة", "12–17 років", "12–17 лет", "۱۲ تا ۱۷ سال", "۱۲ تا ۱۷ سال", "12–17 yaş", "12–17 ani", "12–17 години")),
    ],
    "kita": [
        ("place", ("Ja, mein Kind hat einen Kita-Platz", "Ja, mein Kind geht in die Kita", "Yes, my child has a Kita place", "نعم، لطفلي مكان في الروضة", "Так, дитина має місце в дитсадку", "Да, у ребёнка есть место в детском саду", "بله، فرزندم در مهدکودک جا دارد", "بلی، طفلم در کودکستان جای دارد", "Evet, çocuğumun kreşte yeri var", "Da, copilul meu are loc la grădiniță", "Да, детето ми има място в детска градина")),
        ("waiting", ("Wir warten auf einen Platz", "Wir warten auf einen Platz", "We are waiting for a place", "ننتظر مكانًا", "Ми чекаємо на місце", "Мы ждём места", "منتظر جا هستیم", "منتظر جای هستیم", "Yer bekliyoruz", "Așteptăm un loc", "Чакаме място")),
        ("no_place", ("Nein, wir haben keinen Platz gefunden", "Nein, es gibt keinen Platz", "No, we have not found a place", "لا، لم نجد مكانًا", "Ні, ми не знайшли місця", "Нет, мы не нашли места", "خیر، جایی پیدا نکردیم", "نخیر، جایی پیدا نکردیم", "Hayır, yer bulamadık", "Nu, nu am găsit loc", "Не, не намерихме място")),
        ("not_wanted", ("Wir möchten keinen Platz", "Wir wollen keinen Platz", "We do not want a place", "لا نريد مكانًا", "Нам не потрібне місце", "Нам не нужно место", "جایی نمی‌خواهیم", "جای نمی‌خواهیم", "Yer istemiyoruz", "Nu vrem un loc", "Не искаме място")),
    ],
    "school": [
        ("attends", ("Ja, alle gehen zur Schule", "Ja, alle gehen zur Schule", "Yes, all go to school", "نعم، جميعهم يذهبون إلى المدرسة", "Так, усі ходять до школи", "Да, все ходят в школу", "بله، همه به مدرسه می‌روند", "بلی، همه به مکتب می‌روند", "Evet, hepsi okula gidiyor", "Da, toți merg la școală", "Да, всички ходят на училище")),
        ("waiting", ("Manche warten auf einen Schulplatz", "Manche warten auf eine Schule", "Some are waiting for a school place", "بعضهم ينتظرون مكانًا في المدرسة", "Деякі чекають на місце в школі", "Некоторые ждут места в школе", "برخی منتظر جا در مدرسه هستند", "بعضی منتظر جای در مکتب هستند", "Bazıları okul yeri bekliyor", "Unii așteaptă un loc la școală", "Някои чакат място в училище")),
        ("not_attending", ("Nein, sie gehen nicht zur Schule", "Nein", "No, they do not go to school", "لا، لا يذهبون إلى المدرسة", "Ні, вони не ходять до школи", "Нет, они не ходят в школу", "خیر، به مدرسه نمی‌روند", "نخیر، به مکتب نمی‌روند", "Hayır, okula gitmiyorlar", "Nu, nu merg la școală", "Не, не ходят на училище")),
    ],
    "counselling": [
        ("helped", ("Ja, und es hat geholfen", "Ja, das hat geholfen", "Yes, and it helped", "نعم، وقد ساعد ذلك", "Так, і це допомогло", "Да, и это помогло", "بله، و کمک کرد", "بلی، و کمک کرد", "Evet, yardımcı oldu", "Da, și a ajutat", "Да, и помогна")),
        ("not_helped", ("Ja, aber es hat nicht geholfen", "Ja, aber das hat nicht geholfen", "Yes, but it did not help", "نعم، لكنه لم يساعد", "Так, але це не допомогло", "Да, но это не помогло", "بله، اما کمک نکرد", "بلی، اما کمک نکرد", "Evet ama yardımcı olmadı", "Da, dar nu a ajutat", "Да, но не помогна")),
        ("no", ("Nein", "Nein", "No", "لا", "Ні", "Нет", "خیر", "نخیر", "Hayır", "Nu", "Не")),
    ],
}

_SEVERAL = ("Mehrere Antworten möglich.", "Sie können mehr als eine Antwort wählen.", "You can choose more than one answer.", "يمكنك اختيار أكثر من إجابة.", "Можна обрати кілька відповідей.", "Можно выбрать несколько ответов.", "می‌توانید چند پاسخ انتخاب کنید.", "می‌توانید چند جواب انتخاب کنید.", "Birden fazla yanıt seçebilirsiniz.", "Puteți alege mai multe răspunsuri.", "Можете да изберете повече от един отговор.")
_SMALL = "selected(${ages}, '0_2') or selected(${ages}, '3_5')"
_SCHOOL = "selected(${ages}, '6_11') or selected(${ages}, '12_17')"

PAGES = [
    {
        "name": "children_page",
        "label": ("Ihre Kinder", "Ihre Kinder", "Your children", "أطفالك", "Ваші діти", "Ваши дети", "فرزندان شما", "اطفال شما", "Çocuklarınız", "Copiii dumneavoastră", "Вашите деца"),
        "questions": [
            {"type": "integer", "name": "children", "required": "yes", "constraint": ". >= 1 and . <= 15",
             "label": ("Wie viele Kinder unter 18 Jahren leben mit Ihnen in der Unterkunft?", "Wie viele Kinder wohnen mit Ihnen im Wohnheim?", "How many children under 18 live with you in the accommodation?", "كم عدد الأطفال دون 18 عامًا الذين يعيشون معك في السكن؟", "Скільки дітей до 18 років живе з вами в гуртожитку?", "Сколько детей младше 18 лет живёт с вами в общежитии?", "چند کودک زیر ۱۸ سال با شما در اقامتگاه زندگی می‌کنند؟", "چند طفل زیر ۱۸ سال با شما در اقامتگاه زندگی می‌کنند؟", "Konaklama yerinde sizinle 18 yaşından küçük kaç çocuk yaşıyor?", "Câți copii sub 18 ani locuiesc cu dumneavoastră în centru?", "Колко деца под 18 години живеят с вас в общежитието?"),
             "constraint_message": ("Bitte eine Zahl von 1 bis 15.", "Bitte eine Zahl von 1 bis 15.", "Please enter a number from 1 to 15.", "الرجاء إدخال رقم من 1 إلى 15.", "Введіть число від 1 до 15.", "Введите число от 1 до 15.", "لطفاً عددی از ۱ تا ۱۵ وارد کنید.", "لطفاً عددی از ۱ تا ۱۵ بنویسید.", "Lütfen 1 ile 15 arasında bir sayı girin.", "Introduceți un număr de la 1 la 15.", "Въведете число от 1 до 15.")},
            {"type": "select_multiple", "name": "ages", "list": "ages", "required": "yes",
             "label": ("Wie alt sind Ihre Kinder?", "Wie alt sind Ihre Kinder?", "How old are your children?", "كم أعمار أطفالك؟", "Скільки років вашим дітям?", "Сколько лет вашим детям?", "فرزندان شما چند سال دارند؟", "اطفال شما چند سال دارند؟", "Çocuklarınız kaç yaşında?", "Ce vârstă au copiii dumneavoastră?", "На колко години са децата ви?"),
             "hint": _SEVERAL},
        ],
    },
    {
        "name": "space_page",
        "label": ("Platz, Ruhe und Spielen", "Platz, Ruhe und Spielen", "Space, quiet and play", "المساحة والهدوء واللعب", "Простір, тиша і гра", "Место, тишина и игры", "فضا، آرامش و بازی", "جای، آرامی و بازی", "Alan, sessizlik ve oyun", "Spațiu, liniște și joacă", "Място, тишина и игра"),
        "questions": [
            {"type": "select_one", "name": "space", "list": "agree", "appearance": "likert",
             "label": ("„Meine Kinder haben in unserem Zimmer genug Platz.“", "Meine Kinder haben genug Platz im Zimmer.", "“My children have enough space in our room.”", "«لدى أطفالي مساحة كافية في غرفتنا.»", "«У моїх дітей достатньо місця в нашій кімнаті.»", "«У моих детей достаточно места в нашей комнате.»", "«فرزندانم در اتاق ما جای کافی دارند.»", "«اطفالم در اتاق ما جای کافی دارند.»", "“Çocuklarımın odamızda yeterince yeri var.”", "„Copiii mei au destul loc în camera noastră.”", "„Децата ми имат достатъчно място в стаята ни.“")},
            {"type": "select_one", "name": "quiet", "list": "agree", "appearance": "likert", "relevant": _SCHOOL,
             "label": ("„Meine Kinder haben einen ruhigen Platz für die Hausaufgaben.“", "Meine Kinder können in Ruhe Hausaufgaben machen.", "“My children have a quiet place for homework.”", "«لدى أطفالي مكان هادئ لأداء واجباتهم المدرسية.»", "«У моїх дітей є тихе місце для домашніх завдань.»", "«У моих детей есть тихое место для домашних заданий.»", "«فرزندانم جای آرامی برای انجام تکالیف دارند.»", "«اطفالم جای آرامی برای کارخانگی دارند.»", "“Çocuklarımın ödev için sessiz bir yeri var.”", "„Copiii mei au un loc liniștit pentru teme.”", "„Децата ми имат тихо място за домашните.“")},
            {"type": "select_one", "name": "play", "list": "agree", "appearance": "likert",
             "label": ("„Meine Kinder können draußen sicher spielen.“", "Meine Kinder können draußen gut spielen.", "“My children can play safely outside.”", "«يستطيع أطفالي اللعب بأمان في الخارج.»", "«Мої діти можуть безпечно гратися надворі.»", "«Мои дети могут безопасно играть на улице.»", "«فرزندانم می‌توانند بیرون با امنیت بازی کنند.»", "«اطفالم می‌توانند بیرون با امنیت بازی کنند.»", "“Çocuklarım dışarıda güvenle oynayabiliyor.”", "„Copiii mei se pot juca în siguranță afară.”", "„Децата ми могат да играят безопасно навън.“")},
            {"type": "select_one", "name": "safety", "list": "agree", "appearance": "likert", "required": "yes",
             "label": ("„Meine Kinder sind in der Unterkunft sicher.“", "Meine Kinder sind im Wohnheim sicher.", "“My children are safe in the accommodation.”", "«أطفالي آمنون في السكن.»", "«Мої діти в гуртожитку в безпеці.»", "«Мои дети в общежитии в безопасности.»", "«فرزندانم در اقامتگاه در امان هستند.»", "«اطفالم در اقامتگاه در امان هستند.»", "“Çocuklarım konaklama yerinde güvende.”", "„Copiii mei sunt în siguranță în centru.”", "„Децата ми са в безопасност в общежитието.“")},
        ],
    },
    {
        "name": "education_page",
        "label": ("Kita und Schule", "Kita und Schule", "Kita and school", "الروضة والمدرسة", "Дитсадок і школа", "Детский сад и школа", "مهدکودک و مدرسه", "کودکستان و مکتب", "Kreş ve okul", "Grădiniță și școală", "Детска градина и училище"),
        "questions": [
            {"type": "select_one", "name": "kita", "list": "kita", "relevant": _SMALL,
             "label": ("Hat Ihr Kind unter 6 Jahren einen Kita-Platz?", "Geht Ihr kleines Kind in die Kita?", "Does your child under 6 have a Kita place?", "هل لطفلك دون 6 سنوات مكان في الروضة؟", "Чи має ваша дитина до 6 років місце в дитсадку?", "Есть ли у вашего ребёнка младше 6 лет место в детском саду?", "آیا فرزند زیر ۶ سال شما در مهدکودک جا دارد؟", "آیا طفل زیر ۶ سال شما در کودکستان جای دارد؟", "6 yaşından küçük çocuğunuzun kreşte yeri var mı?", "Are copilul dumneavoastră sub 6 ani loc la grădiniță?", "Има ли детето ви под 6 години място в детска градина?")},
            {"type": "select_one", "name": "school", "list": "school", "relevant": _SCHOOL,
             "label": ("Gehen Ihre Kinder ab 6 Jahren zur Schule?", "Gehen Ihre großen Kinder zur Schule?", "Do your children aged 6 and over go to school?", "هل يذهب أطفالك من عمر 6 سنوات فما فوق إلى المدرسة؟", "Чи ходять ваші діти від 6 років до школи?", "Ходят ли ваши дети от 6 лет в школу?", "آیا فرزندان ۶ سال به بالای شما به مدرسه می‌روند؟", "آیا اطفال ۶ سال به بالای شما به مکتب می‌روند؟", "6 yaş ve üzeri çocuklarınız okula gidiyor mu?", "Merg copiii dumneavoastră de peste 6 ani la școală?", "Ходят ли децата ви над 6 години на училище?")},
        ],
    },
    {
        "name": "help_page",
        "label": ("Beratung und Hilfe", "Hilfe", "Counselling and help", "الاستشارة والمساعدة", "Консультації та допомога", "Консультации и помощь", "مشاوره و کمک", "مشوره و کمک", "Danışmanlık ve yardım", "Consiliere și ajutor", "Консултации и помощ"),
        "questions": [
            {"type": "select_one", "name": "counselling_known", "list": "yes_no", "required": "yes",
             "label": ("Wissen Sie, wo Sie Beratung für Ihre Familie bekommen?", "Wissen Sie, wer Ihrer Familie helfen kann?", "Do you know where to get counselling for your family?", "هل تعرف أين تحصل على استشارة لعائلتك؟", "Чи знаєте ви, де отримати консультацію для сім'ї?", "Знаете ли вы, где получить консультацию для семьи?", "آیا می‌دانید کجا برای خانواده‌تان مشاوره بگیرید؟", "آیا می‌دانید کجا برای فامیل‌تان مشوره بگیرید؟", "Aileniz için nereden danışmanlık alabileceğinizi biliyor musunuz?", "Știți unde puteți primi consiliere pentru familie?", "Знаете ли къде да получите консултация за семейството си?")},
            {"type": "select_one", "name": "counselling_used", "list": "counselling", "relevant": "${counselling_known} = 'yes'",
             "label": ("Haben Sie schon Beratung bekommen?", "Hat Ihnen schon jemand geholfen?", "Have you received counselling?", "هل حصلت على استشارة من قبل؟", "Чи отримували ви вже консультацію?", "Получали ли вы уже консультацию?", "آیا تاکنون مشاوره گرفته‌اید؟", "آیا تا حال مشوره گرفته‌اید؟", "Daha önce danışmanlık aldınız mı?", "Ați primit deja consiliere?", "Получавали ли сте вече консултация?")},
            {"type": "text", "name": "wish", "appearance": "multiline",
             "label": ("Was brauchen Ihre Kinder am dringendsten?", "Was brauchen Ihre Kinder am meisten?", "What do your children need most urgently?", "ما الذي يحتاجه أطفالك بشكل عاجل؟", "Чого вашим дітям потрібно найбільше?", "Что вашим детям нужнее всего?", "فرزندان شما بیشتر از همه به چه نیاز دارند؟", "اطفال شما بیشتر از همه به چه ضرورت دارند؟", "Çocuklarınızın en acil neye ihtiyacı var?", "De ce au copiii dumneavoastră cea mai mare nevoie?", "От какво най-спешно се нуждаят децата ви?"),
             "hint": ("Sie können in jeder Sprache schreiben.", "Sie können in Ihrer Sprache schreiben.", "You can write in any language.", "يمكنك الكتابة بأي لغة.", "Можна писати будь-якою мовою.", "Можно писать на любом языке.", "می‌توانید به هر زبانی بنویسید.", "می‌توانید به هر زبانی بنویسید.", "Herhangi bir dilde yazabilirsiniz.", "Puteți scrie în orice limbă.", "Можете да пишете на всеки език.")},
        ],
    },
]
