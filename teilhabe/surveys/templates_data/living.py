"""Template (a): "Leben in unserem Landkreis" – living in our district.

Order of every text tuple: de, de-ls, en, ar, uk, ru, fa, prs, tr, ro, bg."""

from __future__ import annotations

from .common import AGREE_5, CONSENT, THANKS, YES_NO

FORM_ID = "teilhabe_leben_im_landkreis"
VERSION = "2026-1"

TITLE = ("Leben in unserem Landkreis", "Leben im Landkreis", "Living in our district", "الحياة في مقاطعتنا", "Життя в нашому районі", "Жизнь в нашем районе", "زندگی در شهرستان ما", "زندگی در ولسوالی ما", "İlçemizde yaşam", "Viața în districtul nostru", "Животът в нашия окръг")
INTRO = (
    "Sie sind in den letzten Jahren in unseren Landkreis gekommen. Wir möchten wissen, wie es Ihnen hier geht: bei Arbeit, Sprache, Wohnen, Familie und Gesundheit. Das dauert etwa 10 Minuten.",
    "Sie wohnen neu im Landkreis. Wir wollen wissen: Wie geht es Ihnen hier? Es gibt Fragen zu Arbeit, Sprache, Wohnung, Familie und Gesundheit. Das dauert 10 Minuten.",
    "You have come to our district in recent years. We would like to know how you are doing here: work, language, housing, family and health. It takes about 10 minutes.",
    "لقد أتيت إلى مقاطعتنا في السنوات الأخيرة. نود أن نعرف كيف حالك هنا: العمل واللغة والسكن والأسرة والصحة. يستغرق ذلك حوالي 10 دقائق.",
    "Ви приїхали до нашого району в останні роки. Ми хочемо знати, як вам тут живеться: робота, мова, житло, сім'я і здоров'я. Це займе близько 10 хвилин.",
    "Вы приехали в наш район в последние годы. Мы хотим узнать, как вам здесь живётся: работа, язык, жильё, семья и здоровье. Это займёт около 10 минут.",
    "شما در سال‌های اخیر به شهرستان ما آمده‌اید. می‌خواهیم بدانیم حال شما اینجا چطور است: کار، زبان، مسکن، خانواده و سلامت. حدود ۱۰ دقیقه طول می‌کشد.",
    "شما در سال‌های اخیر به ولسوالی ما آمده‌اید. می‌خواهیم بدانیم حال شما اینجا چطور است: کار، زبان، خانه، فامیل و صحت. حدود ۱۰ دقیقه وقت می‌گیرد.",
    "Son yıllarda ilçemize geldiniz. Burada nasıl olduğunuzu öğrenmek istiyoruz: iş, dil, konut, aile ve sağlık. Yaklaşık 10 dakika sürer.",
    "Ați venit în districtul nostru în ultimii ani. Vrem să știm cum vă este aici: muncă, limbă, locuință, familie și sănătate. Durează aproximativ 10 minute.",
    "Дошли сте в нашия окръг през последните години. Искаме да знаем как сте тук: работа, език, жилище, семейство и здраве. Отнема около 10 минути.",
)
CONSENT = CONSENT
THANKS = THANKS

LISTS = {
    "yes_no": YES_NO,
    "agree": AGREE_5,
    "age": [
        ("18_24", ("18 bis 24 Jahre", "18 bis 24 Jahre", "18 to 24", "18 إلى 24", "18–24", "18–24", "۱۸ تا ۲۴", "۱۸ تا ۲۴", "18–24", "18–24", "18–24")),
        ("25_34", ("25 bis 34 Jahre", "25 bis 34 Jahre", "25 to 34", "25 إلى 34", "25–34", "25–34", "۲۵ تا ۳۴", "۲۵ تا ۳۴", "25–34", "25–34", "25–34")),
        ("35_49", ("35 bis 49 Jahre", "35 bis 49 Jahre", "35 to 49", "35 إلى 49", "35–49", "35–49", "۳۵ تا ۴۹", "۳۵ تا ۴۹", "35–49", "35–49", "35–49")),
        ("50_64", ("50 bis 64 Jahre", "50 bis 64 Jahre", "50 to 64", "50 إلى 64", "50–64", "50–64", "۵۰ تا ۶۴", "۵۰ تا ۶۴", "50–64", "50–64", "50–64")),
        ("65_plus", ("65 Jahre oder älter", "65 Jahre oder älter", "65 or older", "65 أو أكثر", "65 і старше", "65 и старше", "۶۵ یا بیشتر", "۶۵ یا بیشتر", "65 ve üzeri", "65 sau mai mult", "65 и повече")),
    ],
    "years": [
        ("lt1", ("Weniger als 1 Jahr", "Weniger als 1 Jahr", "Less than 1 year", "أقل من سنة", "Менше 1 року", "Меньше 1 года", "کمتر از ۱ سال", "کمتر از ۱ سال", "1 yıldan az", "Mai puțin de 1 an", "По-малко от 1 година")),
        ("1_2", ("1 bis 2 Jahre", "1 bis 2 Jahre", "1 to 2 years", "سنة إلى سنتين", "1–2 роки", "1–2 года", "۱ تا ۲ سال", "۱ تا ۲ سال", "1–2 yıl", "1–2 ani", "1–2 години")),
        ("3_5", ("3 bis 5 Jahre", "3 bis 5 Jahre", "3 to 5 years", "3 إلى 5 سنوات", "3–5 років", "3–5 лет", "۳ تا ۵ سال", "۳ تا ۵ سال", "3–5 yıl", "3–5 ani", "3–5 години")),
        ("6_plus", ("6 Jahre oder länger", "6 Jahre oder länger", "6 years or more", "6 سنوات أو أكثر", "6 років і більше", "6 лет и больше", "۶ سال یا بیشتر", "۶ سال یا بیشتر", "6 yıl veya daha fazla", "6 ani sau mai mult", "6 години или повече")),
    ],
    "work": [
        ("employed", ("Ich arbeite (angestellt oder selbstständig)", "Ich habe Arbeit", "I work (employed or self-employed)", "أعمل (موظف أو لحسابي الخاص)", "Я працюю (найманим працівником або на себе)", "Я работаю (по найму или на себя)", "کار می‌کنم (کارمند یا آزاد)", "کار می‌کنم (کارمند یا شخصی)", "Çalışıyorum (ücretli veya serbest)", "Lucrez (angajat sau pe cont propriu)", "Работя (на трудов договор или на свободна практика)")),
        ("training", ("Ich mache eine Ausbildung oder gehe zur Schule", "Ich lerne einen Beruf oder gehe zur Schule", "I am in training or at school", "أتدرب مهنيًا أو أذهب إلى المدرسة", "Я навчаюся професії або в школі", "Я учусь профессии или в школе", "در حال آموزش حرفه‌ای یا مدرسه هستم", "در حال آموزش مسلکی یا مکتب هستم", "Meslek eğitimi alıyorum veya okula gidiyorum", "Fac o formare profesională sau merg la școală", "Уча професия или ходя на училище")),
        ("looking", ("Ich suche Arbeit", "Ich suche Arbeit", "I am looking for work", "أبحث عن عمل", "Я шукаю роботу", "Я ищу работу", "دنبال کار هستم", "دنبال کار هستم", "İş arıyorum", "Caut de lucru", "Търся работа")),
        ("not_allowed", ("Ich darf noch nicht arbeiten", "Ich darf noch nicht arbeiten", "I am not yet allowed to work", "لا يُسمح لي بالعمل بعد", "Мені ще не дозволено працювати", "Мне ещё не разрешено работать", "هنوز اجازه کار ندارم", "هنوز اجازه کار ندارم", "Henüz çalışma iznim yok", "Nu am încă voie să lucrez", "Все още нямам право да работя")),
        ("family", ("Ich kümmere mich um die Familie", "Ich bin für die Familie da", "I look after my family", "أعتني بعائلتي", "Я доглядаю за сім'єю", "Я забочусь о семье", "از خانواده‌ام مراقبت می‌کنم", "از فامیلم مراقبت می‌کنم", "Aileme bakıyorum", "Am grijă de familie", "Грижа се за семейството")),
        ("other", ("Etwas anderes", "Etwas anderes", "Something else", "شيء آخر", "Інше", "Другое", "چیز دیگر", "چیز دیگر", "Başka bir şey", "Altceva", "Друго")),
    ],
    "qualification": [
        ("none", ("Keinen Abschluss", "Keinen Abschluss", "No qualification", "لا مؤهل", "Без освіти", "Без образования", "بدون مدرک", "بدون سند", "Diplomam yok", "Fără calificare", "Без образование")),
        ("school", ("Schulabschluss", "Schule fertig", "School leaving certificate", "شهادة مدرسية", "Шкільна освіта", "Школьный аттестат", "مدرک مدرسه", "سند مکتب", "Okul diploması", "Diplomă de școală", "Училищна диплома")),
        ("vocational", ("Berufsabschluss", "Einen Beruf gelernt", "Vocational qualification", "مؤهل مهني", "Професійна освіта", "Профессиональное образование", "مدرک حرفه‌ای", "سند مسلکی", "Meslek diploması", "Calificare profesională", "Професионална квалификация")),
        ("university", ("Hochschulabschluss", "Studium fertig", "University degree", "شهادة جامعية", "Вища освіта", "Высшее образование", "مدرک دانشگاهی", "سند پوهنتون", "Üniversite diploması", "Diplomă universitară", "Висше образование")),
    ],
    "recognition": [
        ("recognised", ("Ja, anerkannt", "Ja, anerkannt", "Yes, recognised", "نعم، معترف به", "Так, визнано", "Да, признан", "بله، به رسمیت شناخته شده", "بلی، تأیید شده", "Evet, tanındı", "Da, recunoscută", "Да, призната")),
        ("in_progress", ("Das Verfahren läuft", "Ich warte auf die Antwort", "The procedure is under way", "الإجراء جارٍ", "Процедура триває", "Процедура идёт", "روند در جریان است", "روند جریان دارد", "Süreç devam ediyor", "Procedura este în curs", "Процедурата тече")),
        ("refused", ("Nein, nicht anerkannt", "Nein, nicht anerkannt", "No, not recognised", "لا، غير معترف به", "Ні, не визнано", "Нет, не признан", "خیر، به رسمیت شناخته نشده", "نخیر، تأیید نشده", "Hayır, tanınmadı", "Nu, nerecunoscută", "Не, не е призната")),
        ("not_applied", ("Noch nicht beantragt", "Noch nicht gefragt", "Not applied for yet", "لم أتقدم بطلب بعد", "Ще не подавав/подавала", "Ещё не подавал(а)", "هنوز درخواست نداده‌ام", "هنوز درخواست نکرده‌ام", "Henüz başvurmadım", "Nu am depus încă cererea", "Още не съм подал/подала")),
    ],
    "level": [
        ("none", ("Gar nicht", "Gar nicht", "Not at all", "لا أتكلم أبدًا", "Зовсім ні", "Совсем нет", "اصلاً", "اصلاً", "Hiç", "Deloc", "Изобщо не")),
        ("little", ("Ein wenig", "Ein bisschen", "A little", "قليلًا", "Трохи", "Немного", "کمی", "کمی", "Biraz", "Puțin", "Малко")),
        ("good", ("Gut", "Gut", "Well", "جيدًا", "Добре", "Хорошо", "خوب", "خوب", "İyi", "Bine", "Добре")),
        ("very_good", ("Sehr gut", "Sehr gut", "Very well", "جيدًا جدًا", "Дуже добре", "Очень хорошо", "خیلی خوب", "بسیار خوب", "Çok iyi", "Foarte bine", "Много добре")),
    ],
    "course": [
        ("finished", ("Ja, abgeschlossen", "Ja, fertig", "Yes, finished", "نعم، أنهيتها", "Так, закінчив/закінчила", "Да, закончил(а)", "بله، تمام کرده‌ام", "بلی، تمام کرده‌ام", "Evet, bitirdim", "Da, l-am terminat", "Да, завърших")),
        ("attending", ("Ja, ich besuche gerade einen", "Ja, jetzt", "Yes, I am attending one", "نعم، أحضر دورة حاليًا", "Так, відвідую зараз", "Да, хожу сейчас", "بله، الان شرکت می‌کنم", "بلی، حالا اشتراک می‌کنم", "Evet, şu an katılıyorum", "Da, particip acum", "Да, посещавам в момента")),
        ("waiting", ("Ich warte auf einen Platz", "Ich warte auf einen Platz", "I am waiting for a place", "أنتظر مكانًا", "Чекаю на місце", "Жду места", "منتظر جا هستم", "منتظر جای هستم", "Yer bekliyorum", "Aștept un loc", "Чакам място")),
        ("no", ("Nein", "Nein", "No", "لا", "Ні", "Нет", "خیر", "نخیر", "Hayır", "Nu", "Не")),
    ],
    "course_barriers": [
        ("no_place", ("Es gibt keinen freien Platz", "Kein Platz frei", "There is no free place", "لا يوجد مكان شاغر", "Немає вільного місця", "Нет свободного места", "جای خالی نیست", "جای خالی نیست", "Boş yer yok", "Nu există loc liber", "Няма свободно място")),
        ("childcare", ("Keine Betreuung für meine Kinder", "Niemand passt auf meine Kinder auf", "No childcare for my children", "لا رعاية لأطفالي", "Немає догляду за дітьми", "Некому смотреть за детьми", "کسی از بچه‌هایم مراقبت نمی‌کند", "کسی از اولادهایم مراقبت نمی‌کند", "Çocuklarıma bakacak kimse yok", "Nu am cine să aibă grijă de copii", "Няма кой да гледа децата ми")),
        ("work_hours", ("Die Zeiten passen nicht zu meiner Arbeit", "Ich muss arbeiten", "The times clash with my work", "المواعيد لا تناسب عملي", "Час не збігається з роботою", "Время не подходит из-за работы", "زمان‌ها با کارم جور نیست", "وقت‌ها با کارم جور نمی‌آید", "Saatler işime uymuyor", "Orele nu se potrivesc cu munca", "Часовете не съвпадат с работата ми")),
        ("transport", ("Der Weg ist zu weit", "Der Weg ist zu weit", "It is too far to get there", "الطريق بعيد جدًا", "Занадто далеко їхати", "Слишком далеко ехать", "راه خیلی دور است", "راه خیلی دور است", "Yol çok uzak", "Drumul este prea lung", "Твърде далеч е")),
        ("health", ("Aus gesundheitlichen Gründen", "Ich bin krank", "For health reasons", "لأسباب صحية", "Через стан здоров'я", "По состоянию здоровья", "به دلایل سلامتی", "به دلیل صحت", "Sağlık nedenleriyle", "Din motive de sănătate", "По здравословни причини")),
        ("other", ("Etwas anderes", "Etwas anderes", "Something else", "شيء آخر", "Інше", "Другое", "چیز دیگر", "چیز دیگر", "Başka bir şey", "Altceva", "Друго")),
    ],
    "housing": [
        ("shared", ("In einer Gemeinschaftsunterkunft", "In einem Heim mit vielen Menschen", "In shared accommodation", "في سكن جماعي", "У гуртожитку для біженців", "В общежитии для беженцев", "در اقامتگاه جمعی", "در اقامتگاه جمعی", "Toplu konaklama yerinde", "Într-un centru de cazare comun", "В общежитие за бежанци")),
        ("own_flat", ("In einer eigenen Wohnung", "In meiner Wohnung", "In my own flat", "في شقتي الخاصة", "У власній квартирі", "В своей квартире", "در آپارتمان خودم", "در آپارتمان خودم", "Kendi dairemde", "În propria locuință", "В собствено жилище")),
        ("with_others", ("Bei Familie oder Bekannten", "Bei Familie oder Freunden", "With family or friends", "عند العائلة أو الأصدقاء", "У родичів або знайомих", "У родственников или знакомых", "نزد خانواده یا آشنایان", "نزد فامیل یا دوستان", "Aile veya tanıdıklarımın yanında", "La familie sau cunoscuți", "При семейство или познати")),
        ("other", ("Anders", "Anders", "Other", "غير ذلك", "Інше", "Другое", "دیگر", "دیگر", "Diğer", "Altfel", "Друго")),
    ],
    "place": [
        ("all", ("Ja, alle haben einen Platz", "Ja, alle", "Yes, all have a place", "نعم، لجميعهم مكان", "Так, усі мають місце", "Да, у всех есть место", "بله، همه جا دارند", "بلی، همه جای دارند", "Evet, hepsinin yeri var", "Da, toți au un loc", "Да, всички имат място")),
        ("some", ("Manche warten noch auf einen Platz", "Manche warten noch", "Some are still waiting for a place", "بعضهم ما زالوا ينتظرون مكانًا", "Деякі ще чекають на місце", "Некоторые ещё ждут места", "برخی هنوز منتظر جا هستند", "بعضی هنوز منتظر جای هستند", "Bazıları hâlâ yer bekliyor", "Unii încă așteaptă un loc", "Някои още чакат място")),
        ("none", ("Nein, keines hat einen Platz", "Nein", "No, none has a place", "لا، لا أحد منهم لديه مكان", "Ні, жодне не має місця", "Нет, ни у кого нет места", "خیر، هیچ‌کدام جا ندارند", "نخیر، هیچ‌کدام جای ندارند", "Hayır, hiçbirinin yeri yok", "Nu, niciunul nu are loc", "Не, никое няма място")),
    ],
    "reunification": [
        ("applied", ("Ja, der Antrag läuft", "Ja, ich warte", "Yes, the application is under way", "نعم، الطلب قيد المعالجة", "Так, заява розглядається", "Да, заявление рассматривается", "بله، درخواست در جریان است", "بلی، درخواست جریان دارد", "Evet, başvuru sürüyor", "Da, cererea este în curs", "Да, заявлението се разглежда")),
        ("not_yet", ("Noch nicht", "Noch nicht", "Not yet", "ليس بعد", "Ще ні", "Ещё нет", "هنوز نه", "هنوز نه", "Henüz değil", "Încă nu", "Още не")),
        ("refused", ("Der Antrag wurde abgelehnt", "Die Antwort war Nein", "The application was refused", "رُفض الطلب", "Заяву відхилено", "Заявление отклонено", "درخواست رد شد", "درخواست رد شد", "Başvuru reddedildi", "Cererea a fost respinsă", "Заявлението беше отхвърлено")),
    ],
    "frequency": [
        ("never", ("Nie", "Nie", "Never", "أبدًا", "Ніколи", "Никогда", "هرگز", "هرگز", "Hiç", "Niciodată", "Никога")),
        ("rarely", ("Selten", "Selten", "Rarely", "نادرًا", "Рідко", "Редко", "به‌ندرت", "کم", "Nadiren", "Rar", "Рядко")),
        ("sometimes", ("Manchmal", "Manchmal", "Sometimes", "أحيانًا", "Іноді", "Иногда", "گاهی", "گاهی", "Bazen", "Uneori", "Понякога")),
        ("often", ("Oft", "Oft", "Often", "غالبًا", "Часто", "Часто", "اغلب", "زیاد", "Sık sık", "Des", "Често")),
    ],
    "where": [
        ("authorities", ("Bei Ämtern und Behörden", "Bei Ämtern", "At public offices", "في الدوائر الرسمية", "В установах", "В учреждениях", "در ادارات دولتی", "در ادارات دولتی", "Resmi dairelerde", "La autorități", "В институциите")),
        ("work", ("Bei der Arbeit oder Arbeitssuche", "Bei der Arbeit", "At work or when looking for work", "في العمل أو عند البحث عنه", "На роботі або під час пошуку роботи", "На работе или при поиске работы", "در کار یا هنگام کاریابی", "در کار یا وقت کاریابی", "İşte veya iş ararken", "La muncă sau când caut de lucru", "На работа или при търсене на работа")),
        ("housing", ("Bei der Wohnungssuche", "Bei der Suche nach einer Wohnung", "When looking for a flat", "عند البحث عن سكن", "Під час пошуку житла", "При поиске жилья", "هنگام جستجوی خانه", "وقت جستجوی خانه", "Ev ararken", "Când caut locuință", "При търсене на жилище")),
        ("public", ("Im Alltag, auf der Straße, im Bus", "Auf der Straße oder im Bus", "In everyday life, in the street, on the bus", "في الحياة اليومية، في الشارع، في الحافلة", "У повсякденні, на вулиці, в автобусі", "В повседневной жизни, на улице, в автобусе", "در زندگی روزمره، در خیابان، در اتوبوس", "در زندگی روزمره، در سرک، در بس", "Günlük hayatta, sokakta, otobüste", "În viața de zi cu zi, pe stradă, în autobuz", "В ежедневието, на улицата, в автобуса")),
        ("school", ("In Schule oder Kita", "In der Schule oder Kita", "At school or Kita", "في المدرسة أو الروضة", "У школі чи дитсадку", "В школе или детском саду", "در مدرسه یا مهدکودک", "در مکتب یا کودکستان", "Okulda veya kreşte", "La școală sau grădiniță", "В училище или детска градина")),
        ("other", ("Woanders", "Woanders", "Somewhere else", "في مكان آخر", "Деінде", "В другом месте", "جای دیگر", "جای دیگر", "Başka bir yerde", "În altă parte", "Другаде")),
    ],
    "stay": [
        ("yes", ("Ja, sicher", "Ja, sicher", "Yes, certainly", "نعم، بالتأكيد", "Так, напевно", "Да, точно", "بله، حتماً", "بلی، حتماً", "Evet, kesinlikle", "Da, sigur", "Да, със сигурност")),
        ("probably", ("Wahrscheinlich ja", "Eher ja", "Probably", "على الأرجح", "Мабуть, так", "Скорее да", "احتمالاً بله", "احتمالاً بلی", "Muhtemelen evet", "Probabil da", "По-скоро да")),
        ("unsure", ("Ich weiß es noch nicht", "Ich weiß es nicht", "I do not know yet", "لا أعرف بعد", "Ще не знаю", "Пока не знаю", "هنوز نمی‌دانم", "هنوز نمی‌دانم", "Henüz bilmiyorum", "Nu știu încă", "Още не знам")),
        ("probably_not", ("Wahrscheinlich nicht", "Eher nein", "Probably not", "على الأرجح لا", "Мабуть, ні", "Скорее нет", "احتمالاً نه", "احتمالاً نه", "Muhtemelen hayır", "Probabil nu", "По-скоро не")),
        ("no", ("Nein", "Nein", "No", "لا", "Ні", "Нет", "خیر", "نخیر", "Hayır", "Nu", "Не")),
    ],
    "health_barriers": [
        ("language", ("Sprache, niemand übersetzt", "Ich verstehe die Sprache nicht", "Language, nobody interprets", "اللغة، لا أحد يترجم", "Мова, ніхто не перекладає", "Язык, никто не переводит", "زبان، کسی ترجمه نمی‌کند", "زبان، کسی ترجمانی نمی‌کند", "Dil, kimse tercüme etmiyor", "Limba, nimeni nu traduce", "Езикът, никой не превежда")),
        ("distance", ("Die Praxis ist zu weit weg", "Der Arzt ist zu weit weg", "The practice is too far away", "العيادة بعيدة جدًا", "Лікар занадто далеко", "Врач слишком далеко", "مطب خیلی دور است", "کلینیک خیلی دور است", "Muayenehane çok uzak", "Cabinetul este prea departe", "Кабинетът е твърде далеч")),
        ("waiting", ("Lange Wartezeiten, keine neuen Patienten", "Ich muss zu lange warten", "Long waits, no new patients", "انتظار طويل، لا يقبلون مرضى جددًا", "Довго чекати, нових пацієнтів не беруть", "Долгое ожидание, новых пациентов не берут", "انتظار طولانی، بیمار جدید نمی‌پذیرند", "انتظار طولانی، مریض جدید نمی‌گیرند", "Uzun bekleme, yeni hasta alınmıyor", "Așteptare lungă, nu se primesc pacienți noi", "Дълго чакане, не приемат нови пациенти")),
        ("insurance", ("Unklar, was die Versicherung bezahlt", "Ich weiß nicht, wer bezahlt", "Unclear what insurance pays", "غير واضح ما يدفعه التأمين", "Незрозуміло, що оплачує страховка", "Неясно, что оплачивает страховка", "معلوم نیست بیمه چه چیزی را می‌پردازد", "معلوم نیست بیمه چه چیزی را پرداخت می‌کند", "Sigortanın neyi ödediği belirsiz", "Nu e clar ce plătește asigurarea", "Неясно какво плаща осигуровката")),
        ("none", ("Keine Schwierigkeiten", "Keine Probleme", "No difficulties", "لا صعوبات", "Жодних труднощів", "Никаких трудностей", "مشکلی نیست", "مشکلی نیست", "Zorluk yok", "Nicio dificultate", "Никакви трудности")),
    ],
}

PAGES = [
    {
        "name": "about",
        "label": ("Über Sie", "Über Sie", "About you", "عنك", "Про вас", "О вас", "درباره شما", "درباره شما", "Hakkınızda", "Despre dumneavoastră", "За вас"),
        "questions": [
            {"type": "select_one", "name": "age_group", "list": "age", "required": "yes",
             "label": ("Wie alt sind Sie?", "Wie alt sind Sie?", "How old are you?", "كم عمرك؟", "Скільки вам років?", "Сколько вам лет?", "چند سال دارید؟", "چند سال دارید؟", "Kaç yaşındasınız?", "Câți ani aveți?", "На колко години сте?")},
            {"type": "select_one", "name": "years_in_germany", "list": "years",
             "label": ("Wie lange leben Sie schon in Deutschland?", "Wie lange wohnen Sie schon in Deutschland?", "How long have you been living in Germany?", "منذ متى تعيش في ألمانيا؟", "Як довго ви живете в Німеччині?", "Как долго вы живёте в Германии?", "چه مدت است که در آلمان زندگی می‌کنید؟", "چه مدت است که در آلمان زندگی می‌کنید؟", "Ne zamandır Almanya'da yaşıyorsunuz?", "De cât timp locuiți în Germania?", "Откога живеете в Германия?")},
        ],
    },
    {
        "name": "work_page",
        "label": ("Arbeit und Beruf", "Arbeit", "Work and profession", "العمل والمهنة", "Робота і професія", "Работа и профессия", "کار و حرفه", "کار و مسلک", "İş ve meslek", "Muncă și profesie", "Работа и професия"),
        "questions": [
            {"type": "select_one", "name": "work", "list": "work", "required": "yes",
             "label": ("Was machen Sie zurzeit?", "Was machen Sie jetzt?", "What are you doing at the moment?", "ماذا تفعل حاليًا؟", "Чим ви зараз займаєтеся?", "Чем вы сейчас занимаетесь?", "در حال حاضر چه کار می‌کنید؟", "فعلاً چه کار می‌کنید؟", "Şu anda ne yapıyorsunuz?", "Ce faceți în prezent?", "С какво се занимавате в момента?")},
            {"type": "select_one", "name": "qualification", "list": "qualification",
             "label": ("Welchen Abschluss haben Sie aus Ihrem Herkunftsland?", "Was haben Sie in Ihrem Land gelernt?", "Which qualification do you have from your country of origin?", "ما المؤهل الذي حصلت عليه في بلدك الأصلي؟", "Яку освіту ви здобули у своїй країні?", "Какое образование вы получили в своей стране?", "چه مدرکی از کشور خود دارید؟", "چه سندی از کشور خود دارید؟", "Ülkenizden hangi diplomanız var?", "Ce calificare aveți din țara de origine?", "Каква квалификация имате от страната си?")},
            {"type": "select_one", "name": "recognition", "list": "recognition",
             "relevant": "${qualification} = 'vocational' or ${qualification} = 'university'",
             "label": ("Ist Ihr Abschluss in Deutschland anerkannt?", "Gilt Ihr Abschluss in Deutschland?", "Is your qualification recognised in Germany?", "هل مؤهلك معترف به في ألمانيا؟", "Чи визнано вашу освіту в Німеччині?", "Признан ли ваш диплом в Германии?", "آیا مدرک شما در آلمان به رسمیت شناخته شده است؟", "آیا سند شما در آلمان تأیید شده است؟", "Diplomanız Almanya'da tanınıyor mu?", "Este calificarea dumneavoastră recunoscută în Germania?", "Призната ли е квалификацията ви в Германия?")},
        ],
    },
    {
        "name": "language_page",
        "label": ("Deutsch lernen", "Deutsch lernen", "Learning German", "تعلّم الألمانية", "Вивчення німецької", "Изучение немецкого", "یادگیری آلمانی", "آموختن آلمانی", "Almanca öğrenmek", "Învățarea limbii germane", "Учене на немски"),
        "questions": [
            {"type": "select_one", "name": "german", "list": "level", "appearance": "likert", "required": "yes",
             "label": ("Wie gut sprechen Sie Deutsch?", "Wie gut sprechen Sie Deutsch?", "How well do you speak German?", "ما مدى إتقانك للألمانية؟", "Наскільки добре ви говорите німецькою?", "Насколько хорошо вы говорите по-немецки?", "چقدر خوب آلمانی صحبت می‌کنید؟", "چقدر خوب آلمانی گپ می‌زنید؟", "Ne kadar iyi Almanca konuşuyorsunuz?", "Cât de bine vorbiți germana?", "Колко добре говорите немски?")},
            {"type": "select_one", "name": "course", "list": "course",
             "label": ("Haben Sie einen Deutschkurs besucht?", "Haben Sie einen Deutsch-Kurs gemacht?", "Have you attended a German course?", "هل حضرت دورة لغة ألمانية؟", "Чи відвідували ви курс німецької?", "Посещали ли вы курс немецкого?", "آیا در کلاس زبان آلمانی شرکت کرده‌اید؟", "آیا در کورس زبان آلمانی اشتراک کرده‌اید؟", "Almanca kursuna katıldınız mı?", "Ați urmat un curs de germană?", "Посещавали ли сте курс по немски?")},
            {"type": "select_multiple", "name": "course_barriers", "list": "course_barriers",
             "relevant": "${course} = 'waiting' or ${course} = 'no'",
             "label": ("Was hindert Sie an einem Kurs?", "Warum machen Sie keinen Kurs?", "What keeps you from attending a course?", "ما الذي يمنعك من حضور دورة؟", "Що заважає вам відвідувати курс?", "Что мешает вам посещать курс?", "چه چیزی مانع شرکت شما در کلاس است؟", "چه چیزی مانع اشتراک شما در کورس است؟", "Kursa katılmanıza ne engel oluyor?", "Ce vă împiedică să urmați un curs?", "Какво ви пречи да посещавате курс?"),
             "hint": ("Mehrere Antworten möglich.", "Sie können mehr als eine Antwort wählen.", "You can choose more than one answer.", "يمكنك اختيار أكثر من إجابة.", "Можна обрати кілька відповідей.", "Можно выбрать несколько ответов.", "می‌توانید چند پاسخ انتخاب کنید.", "می‌توانید چند جواب انتخاب کنید.", "Birden fazla yanıt seçebilirsiniz.", "Puteți alege mai multe răspunsuri.", "Можете да изберете повече от един отговор.")},
        ],
    },
    {
        "name": "housing_page",
        "label": ("Wohnen", "Wohnen", "Housing", "السكن", "Житло", "Жильё", "مسکن", "خانه", "Konut", "Locuință", "Жилище"),
        "questions": [
            {"type": "select_one", "name": "housing", "list": "housing", "required": "yes",
             "label": ("Wo wohnen Sie?", "Wo wohnen Sie?", "Where do you live?", "أين تسكن؟", "Де ви живете?", "Где вы живёте?", "کجا زندگی می‌کنید؟", "کجا زندگی می‌کنید؟", "Nerede yaşıyorsunuz?", "Unde locuiți?", "Къде живеете?")},
            {"type": "select_one", "name": "housing_ok", "list": "agree", "appearance": "likert",
             "label": ("„Ich bin mit meiner Wohnsituation zufrieden.“", "Ich finde meine Wohnung gut.", "“I am satisfied with where I live.”", "«أنا راضٍ عن وضع سكني.»", "«Я задоволений/задоволена своїм житлом.»", "«Я доволен/довольна своим жильём.»", "«از وضعیت مسکن خود راضی هستم.»", "«از وضع خانه خود راضی هستم.»", "“Konut durumumdan memnunum.”", "„Sunt mulțumit(ă) de locuința mea.”", "„Доволен/доволна съм от жилището си.“")},
        ],
    },
    {
        "name": "family_page",
        "label": ("Familie und Kinder", "Familie und Kinder", "Family and children", "الأسرة والأطفال", "Сім'я і діти", "Семья и дети", "خانواده و فرزندان", "فامیل و اولاد", "Aile ve çocuklar", "Familie și copii", "Семейство и деца"),
        "questions": [
            {"type": "integer", "name": "children", "required": "yes", "constraint": ". >= 0 and . <= 15",
             "label": ("Wie viele Kinder unter 18 Jahren leben bei Ihnen?", "Wie viele Kinder wohnen bei Ihnen? Die Kinder sind jünger als 18.", "How many children under 18 live with you?", "كم عدد الأطفال دون 18 عامًا الذين يعيشون معك؟", "Скільки дітей до 18 років живе з вами?", "Сколько детей младше 18 лет живёт с вами?", "چند کودک زیر ۱۸ سال با شما زندگی می‌کنند؟", "چند طفل زیر ۱۸ سال با شما زندگی می‌کنند؟", "Sizinle 18 yaşından küçük kaç çocuk yaşıyor?", "Câți copii sub 18 ani locuiesc cu dumneavoastră?", "Колко деца под 18 години живеят с вас?"),
             "hint": ("Schreiben Sie 0, wenn keine Kinder bei Ihnen leben.", "Keine Kinder? Dann schreiben Sie 0.", "Write 0 if no children live with you.", "اكتب 0 إذا لم يكن لديك أطفال يعيشون معك.", "Напишіть 0, якщо з вами не живуть діти.", "Напишите 0, если с вами не живут дети.", "اگر کودکی با شما زندگی نمی‌کند، ۰ بنویسید.", "اگر طفلی با شما زندگی نمی‌کند، ۰ بنویسید.", "Sizinle çocuk yaşamıyorsa 0 yazın.", "Scrieți 0 dacă nu locuiesc copii cu dumneavoastră.", "Напишете 0, ако с вас не живеят деца."),
             "constraint_message": ("Bitte eine Zahl von 0 bis 15.", "Bitte eine Zahl von 0 bis 15.", "Please enter a number from 0 to 15.", "الرجاء إدخال رقم من 0 إلى 15.", "Введіть число від 0 до 15.", "Введите число от 0 до 15.", "لطفاً عددی از ۰ تا ۱۵ وارد کنید.", "لطفاً عددی از ۰ تا ۱۵ بنویسید.", "Lütfen 0 ile 15 arasında bir sayı girin.", "Introduceți un număr de la 0 la 15.", "Въведете число от 0 до 15.")},
            {"type": "select_one", "name": "kita_school", "list": "place", "relevant": "${children} > 0",
             "label": ("Haben Ihre Kinder einen Platz in Kita oder Schule?", "Gehen Ihre Kinder in die Kita oder Schule?", "Do your children have a place at Kita or school?", "هل لأطفالك مكان في الروضة أو المدرسة؟", "Чи мають ваші діти місце в дитсадку чи школі?", "Есть ли у ваших детей место в детском саду или школе?", "آیا فرزندان شما در مهدکودک یا مدرسه جا دارند؟", "آیا اولادهای شما در کودکستان یا مکتب جای دارند؟", "Çocuklarınızın kreşte veya okulda yeri var mı?", "Au copiii dumneavoastră loc la grădiniță sau școală?", "Имат ли децата ви място в детска градина или училище?")},
            {"type": "select_one", "name": "family_abroad", "list": "yes_no",
             "label": ("Leben enge Angehörige im Ausland, die zu Ihnen kommen möchten?", "Wollen Menschen aus Ihrer Familie zu Ihnen kommen?", "Do close relatives abroad want to join you?", "هل لديك أقارب مقربون في الخارج يريدون القدوم إليك؟", "Чи є у вас близькі родичі за кордоном, які хочуть приїхати до вас?", "Есть ли у вас близкие родственники за границей, которые хотят приехать к вам?", "آیا بستگان نزدیکی در خارج دارید که می‌خواهند پیش شما بیایند؟", "آیا اقارب نزدیکی در خارج دارید که می‌خواهند پیش شما بیایند؟", "Yurt dışında yanınıza gelmek isteyen yakın akrabanız var mı?", "Aveți rude apropiate în străinătate care vor să vină la dumneavoastră?", "Имате ли близки роднини в чужбина, които искат да дойдат при вас?")},
            {"type": "select_one", "name": "reunification", "list": "reunification", "relevant": "${family_abroad} = 'yes'",
             "label": ("Haben Sie den Familiennachzug beantragt?", "Haben Sie einen Antrag für Ihre Familie gestellt?", "Have you applied for family reunification?", "هل تقدمت بطلب لمّ الشمل؟", "Чи подали ви заяву на возз'єднання сім'ї?", "Подали ли вы заявление на воссоединение семьи?", "آیا برای پیوستن خانواده درخواست داده‌اید؟", "آیا برای یکجا شدن فامیل درخواست داده‌اید؟", "Aile birleşimi için başvurdunuz mu?", "Ați depus cerere de reîntregire a familiei?", "Подали ли сте заявление за събиране на семейството?")},
        ],
    },
    {
        "name": "health_page",
        "label": ("Gesundheit", "Gesundheit", "Health", "الصحة", "Здоров'я", "Здоровье", "سلامت", "صحت", "Sağlık", "Sănătate", "Здраве"),
        "questions": [
            {"type": "select_one", "name": "doctor", "list": "agree", "appearance": "likert",
             "label": ("„Wenn ich eine Ärztin oder einen Arzt brauche, finde ich eine Praxis.“", "Ich finde einen Arzt, wenn ich krank bin.", "“When I need a doctor, I find one.”", "«عندما أحتاج إلى طبيب، أجد واحدًا.»", "«Коли мені потрібен лікар, я його знаходжу.»", "«Когда мне нужен врач, я его нахожу.»", "«وقتی به پزشک نیاز دارم، پیدا می‌کنم.»", "«وقتی به داکتر ضرورت دارم، پیدا می‌کنم.»", "“Doktora ihtiyacım olduğunda bir doktor bulurum.”", "„Când am nevoie de un medic, găsesc unul.”", "„Когато ми трябва лекар, намирам.“")},
            {"type": "select_multiple", "name": "health_barriers", "list": "health_barriers",
             "label": ("Was macht den Weg zur Behandlung schwer?", "Was ist schwer beim Arzt?", "What makes getting treatment difficult?", "ما الذي يصعّب الحصول على العلاج؟", "Що ускладнює отримання лікування?", "Что мешает получить лечение?", "چه چیزی دریافت درمان را سخت می‌کند؟", "چه چیزی تداوی را سخت می‌کند؟", "Tedavi almayı ne zorlaştırıyor?", "Ce face dificil accesul la tratament?", "Какво затруднява лечението?"),
             "hint": ("Mehrere Antworten möglich.", "Sie können mehr als eine Antwort wählen.", "You can choose more than one answer.", "يمكنك اختيار أكثر من إجابة.", "Можна обрати кілька відповідей.", "Можно выбрать несколько ответов.", "می‌توانید چند پاسخ انتخاب کنید.", "می‌توانید چند جواب انتخاب کنید.", "Birden fazla yanıt seçebilirsiniz.", "Puteți alege mai multe răspunsuri.", "Можете да изберете повече от един отговор."),
             "constraint": "not(selected(., 'none') and count-selected(.) > 1)",
             "constraint_message": ("„Keine Schwierigkeiten“ passt nicht zu anderen Antworten.", "„Keine Probleme“ geht nicht mit anderen Antworten.", "“No difficulties” does not go with other answers.", "«لا صعوبات» لا يتوافق مع إجابات أخرى.", "«Жодних труднощів» не поєднується з іншими відповідями.", "«Никаких трудностей» не сочетается с другими ответами.", "«مشکلی نیست» با پاسخ‌های دیگر جور نیست.", "«مشکلی نیست» با جواب‌های دیگر جور نمی‌آید.", "“Zorluk yok” diğer yanıtlarla birlikte seçilemez.", "„Nicio dificultate” nu se potrivește cu alte răspunsuri.", "„Никакви трудности“ не върви с други отговори.")},
        ],
    },
    {
        "name": "belonging_page",
        "label": ("Zusammenleben", "Zusammen leben", "Living together", "العيش معًا", "Спільне життя", "Совместная жизнь", "زندگی با هم", "زندگی با هم", "Birlikte yaşam", "Viața împreună", "Съвместен живот"),
        "questions": [
            {"type": "select_one", "name": "discrimination", "list": "frequency",
             "label": ("Wie oft wurden Sie in den letzten 12 Monaten hier schlecht behandelt, weil Sie zugewandert sind?", "Waren Menschen hier gemein zu Ihnen? Weil Sie aus einem anderen Land kommen?", "In the last 12 months, how often were you treated badly here because you are a migrant?", "خلال الأشهر الـ 12 الماضية، كم مرة عوملت هنا معاملة سيئة لأنك مهاجر؟", "Як часто за останні 12 місяців до вас тут погано ставилися через те, що ви мігрант?", "Как часто за последние 12 месяцев к вам здесь плохо относились из-за того, что вы мигрант?", "در ۱۲ ماه گذشته چند بار اینجا به دلیل مهاجر بودن با شما بدرفتاری شده است؟", "در ۱۲ ماه گذشته چند بار اینجا به خاطر مهاجر بودن با شما بدرفتاری شده است؟", "Son 12 ayda göçmen olduğunuz için burada ne sıklıkla kötü muamele gördünüz?", "În ultimele 12 luni, cât de des ați fost tratat(ă) rău aici pentru că sunteți migrant(ă)?", "През последните 12 месеца колко често сте били третирани зле тук, защото сте мигрант?")},
            {"type": "select_multiple", "name": "discrimination_where", "list": "where",
             "relevant": "${discrimination} = 'rarely' or ${discrimination} = 'sometimes' or ${discrimination} = 'often'",
             "label": ("Wo ist das passiert?", "Wo war das?", "Where did it happen?", "أين حدث ذلك؟", "Де це сталося?", "Где это произошло?", "کجا اتفاق افتاد؟", "کجا اتفاق افتاد؟", "Nerede oldu?", "Unde s-a întâmplat?", "Къде се случи?")},
            {"type": "select_one", "name": "at_home", "list": "agree", "appearance": "likert", "required": "yes",
             "label": ("„Ich fühle mich in unserem Landkreis zu Hause.“", "Ich fühle mich hier zu Hause.", "“I feel at home in our district.”", "«أشعر بأنني في بيتي في مقاطعتنا.»", "«Я почуваюся вдома в нашому районі.»", "«Я чувствую себя дома в нашем районе.»", "«در شهرستان ما احساس می‌کنم در خانه خودم هستم.»", "«در ولسوالی ما احساس می‌کنم در خانه خود هستم.»", "“İlçemizde kendimi evimde hissediyorum.”", "„Mă simt acasă în districtul nostru.”", "„Чувствам се у дома си в нашия окръг.“")},
            {"type": "select_one", "name": "stay", "list": "stay", "required": "yes",
             "label": ("Möchten Sie in den nächsten fünf Jahren in unserem Landkreis bleiben?", "Wollen Sie hier bleiben? Die nächsten 5 Jahre?", "Would you like to stay in our district for the next five years?", "هل تود البقاء في مقاطعتنا خلال السنوات الخمس القادمة؟", "Чи хочете ви залишитися в нашому районі протягом наступних п'яти років?", "Хотите ли вы остаться в нашем районе в ближайшие пять лет?", "آیا می‌خواهید در پنج سال آینده در شهرستان ما بمانید؟", "آیا می‌خواهید در پنج سال آینده در ولسوالی ما بمانید؟", "Önümüzdeki beş yıl ilçemizde kalmak ister misiniz?", "Doriți să rămâneți în districtul nostru în următorii cinci ani?", "Искате ли да останете в нашия окръг през следващите пет години?")},
            {"type": "text", "name": "wish", "appearance": "multiline",
             "label": ("Was würde Ihnen hier am meisten helfen?", "Was brauchen Sie hier am meisten?", "What would help you most here?", "ما الذي سيساعدك هنا أكثر من أي شيء آخر؟", "Що б вам тут найбільше допомогло?", "Что бы вам здесь больше всего помогло?", "چه چیزی اینجا بیشتر از همه به شما کمک می‌کند؟", "چه چیزی اینجا بیشتر از همه به شما کمک می‌کند؟", "Burada size en çok ne yardımcı olurdu?", "Ce v-ar ajuta cel mai mult aici?", "Какво би ви помогнало най-много тук?"),
             "hint": ("Sie können in jeder Sprache schreiben.", "Sie können in Ihrer Sprache schreiben.", "You can write in any language.", "يمكنك الكتابة بأي لغة.", "Можна писати будь-якою мовою.", "Можно писать на любом языке.", "می‌توانید به هر زبانی بنویسید.", "می‌توانید به هر زبانی بنویسید.", "Herhangi bir dilde yazabilirsiniz.", "Puteți scrie în orice limbă.", "Можете да пишете на всеки език.")},
        ],
    },
]
