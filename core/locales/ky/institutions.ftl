## Withdrawal documents of medical institutions: what the background sender tells the staff member.

withdrawal-files = Жүгүртүүдөн чыгаруу документи № { $number }: ASL BELGISI веб-кабинетине жүктөө үчүн JSON жана CSV файлдары.
withdrawal-status-changed = Жүгүртүүдөн чыгаруу документи № { $number }: { $status }
withdrawal-status-draft = долбоор
withdrawal-status-queued = жөнөтүү кезегинде
withdrawal-status-sent = жөнөтүлдү, иштетилүүдө
withdrawal-status-success = ийгиликтүү иштетилди
withdrawal-status-partial = каталар менен иштетилди
withdrawal-status-error = ката менен четке кагылды

## Кызматкердин менюсу: медициналык мекемелердин кызматкерлери үчүн /start астында.
withdrawal-menu = 🏥 <b>Жүгүртүүдөн чыгаруу</b>: мекемеңиз колдонгон же берген таңгактарды каттаңыз.
withdrawal-menu-new = ➕ Жүгүртүүдөн чыгаруунун жаңы документи
withdrawal-menu-drafts = 📝 Долбоорлор
withdrawal-menu-operations = 📋 Операциялар
withdrawal-not-staff = Бул медициналык мекеменин кызматкерлери үчүн. Сизди каттоону боттун администраторунан сураныңыз.

## /withdraw, кадам-кадам.
withdrawal-ask-reason =
    🏥 <b>Жүгүртүүдөн чыгаруунун жаңы документи</b>
    Таңгактар эмне себептен жүгүртүүдөн чыгарылууда?
withdrawal-reason = { $reason ->
    [medical_use] Медициналык максатта колдонуу
    [expiry] Жарактуулук мөөнөтүнүн бүтүшү
    [free_prescription] Жеңилдетилген рецепт менен берүү
    [destruction] Жок кылуу / утилизациялоо
    [loss] Жоготуу
   *[other] { $reason }
  }
withdrawal-kind = { $kind ->
    [prescription] рецепт
   *[act] акт
  }
withdrawal-primary-ask = Баштапкы документ ({ $kind }): анын номерин жана датасын жазыңыз, мисалы <code>R-123 28.11.2026</code>.
withdrawal-primary-required = Бул себеп үчүн ал милдеттүү.
withdrawal-primary-optional = Ансыз да уланта берсеңиз болот.
withdrawal-button-no-primary = Баштапкы документсиз
withdrawal-primary-bad-primary = Адегенде номерди, андан кийин датаны КК.АА.ЖЖЖЖ түрүндө жазыңыз, мисалы <code>R-123 28.11.2026</code>.
withdrawal-primary-future-primary = Документтин датасы келечекте. Сураныч, аны текшериңиз.
withdrawal-button-cancel = ✖ Жокко чыгаруу
withdrawal-cancelled = Жокко чыгарылды. Эч нерсе сакталган жок.
withdrawal-document-head = 🏥 <b>Жүгүртүүдөн чыгаруу документи № { $number }</b> — { $reason }
withdrawal-primary = 📄 { $kind } № { $number }, { $date } күнкү
withdrawal-primary-none = 📄 Баштапкы документ жок
withdrawal-count = Документте: { $count ->
    [one] { $count } таңгак
   *[other] { $count } таңгак
  }.
withdrawal-scan-ask = Таңгактардын коддорун жөнөтүңүз: сүрөттөр (ар биринде бир же бир нече таңгак), альбомдор, файл катары жөнөтүлгөн сүрөттөр, жазылган же чапталган коддор (ар бир сапта бирден) же сканерден алынган .txt, .csv же .xlsx тизме.
withdrawal-button-list = 📋 Тизме, өчүрүү ({ $count })
withdrawal-button-save = 💾 Долбоорду сактоо
withdrawal-button-review = 📤 Карап чыгуу жана жөнөтүү

## Сканерленген коддорго жооптор.
withdrawal-line = { $product } · серия { $batch } · { $expiry } чейин жарактуу · <code>{ $code }</code>
withdrawal-duplicate = Код документке мурунтан эле кошулган:
withdrawal-warning = { $warning ->
    [unknown] коддор реестринде жок
    [withdrawn] мурунтан эле жүгүртүүдөн чыгарылган
    [recalled] сериясы кайтарылып алынган
    [expired] жарактуулук мөөнөтү бүткөн
   *[other] { $warning }
  }
withdrawal-more = …жана дагы { $count }.
withdrawal-tally = Кошулду: { $added }. Документте мурунтан бар: { $duplicate }. Ырастооңузду күтүүдө: { $asked }.
withdrawal-confirm-ask = ⚠️ { $count ->
    [one] Бул таңгак
   *[other] Бул { $count } таңгак
  } жүгүртүүдө эмес. Таңгак колуңузда болсо жана толук ишенсеңиз гана баары бир кошуңуз.
withdrawal-button-add-anyway = ⚠️ Баары бир кошуу ({ $count })
withdrawal-button-skip-pending = Кошпоо
withdrawal-nothing-pending = Ырастоону күтүп жаткан эч нерсе жок.
withdrawal-pending-skipped = Кошулган жок: { $count }.
withdrawal-not-a-code = Бул таңгактын коду эмес. DataMatrix сүрөтүн жөнөтүңүз же анын астында басылган кодду жазыңыз.
withdrawal-lines-unreadable = Таңгактын коду болбогон саптар: { $count }.
withdrawal-photo-no-code = Бул сүрөттөн таңгактын кодун таба алган жокмун. Телефонду DataMatrix кодуна жакыныраак кармап, жарык жерде тартыңыз жана кайра жөнөтүңүз.
withdrawal-file-kind = Мен фотолорду, сүрөттөрдү жана .txt, .csv же .xlsx файлдарындагы коддордун тизмесин окуйм. Сураныч, ошолордун бирин жөнөтүңүз.
withdrawal-list-too-big = Бул тизме өтө чоң. Сураныч, аны 10 МБдан кичине файлдарга бөлүңүз.
withdrawal-list-not-a-list = Коддордун тизмесин .txt, .csv же .xlsx файлдарынан окуйм.
withdrawal-list-unreadable = Бул файлды окуй алган жокмун. Аны UTF-8 текст, CSV же XLSX катары сактап, кайра жөнөтүңүз.
withdrawal-list-no-codes = Бул файлда таңгактын коду жок.
withdrawal-list-bad-lines = Таңгактын коду жок саптар: { $count } ({ $lines }).

## Кодду өчүрүү үчүн тизме.
withdrawal-list-latest = { $count } ичинен акыркы { $shown } көрсөтүлдү.
withdrawal-list-how = Таңгакты өчүрүү үчүн ✖ жана анын номерин басыңыз.
withdrawal-list-empty = Азырынча таңгактар жок. Алардын коддорун жөнөтүңүз.
withdrawal-removed = Өчүрүлдү.
withdrawal-remove-gone = Бул таңгак документте мындан ары жок.

## Сактоо жана жөнөтүү.
withdrawal-saved = 💾 № { $number } долбоор сакталды. Аны /drafts аркылуу уланта аласыз.
withdrawal-summary-head = 📤 <b>Бул документ жөнөтүлсүнбү?</b> Жүгүртүүдөн чыгаруунун датасы жана убактысы: { $when }
withdrawal-summary-ask = Жөнөтүлгөндөн кийин таңгактар дароо жүгүртүүдөн чыгарылган деп белгиленет, ал эми документ улуттук системага жөнөтүлөт.
withdrawal-button-send = ✅ Жөнөтүү
withdrawal-button-continue = ⬅️ Сканерлөөнү улантуу
withdrawal-queued = ✅ № { $number } документ ({ $count } таңгак) улуттук системага жөнөтүү кезегине коюлду. Анын статусу өзгөргөндө билдирем; /operations караңыз.
withdrawal-stale = Бул кадам жабылган. /withdraw же /drafts менен кайрадан баштаңыз.
withdrawal-unexpected = Таңгактардын коддорун жөнөтүңүз (сүрөттөр, файлдар же жазылган коддор) же баскычтарды колдонуңуз.

## Документтин каталары.
withdrawal-error-unknown-document = Бул документ мындан ары жок.
withdrawal-error-not-draft = Бул документ мурунтан эле жөнөтүлгөн, аны өзгөртүүгө болбойт.
withdrawal-error-bad-reason = Бул себеп белгисиз.
withdrawal-error-not-a-pack = Таңгактардын коддорун гана кошууга болот.
withdrawal-error-too-many = Бир документте эң көп { $max } код болот. Бул документти жөнөтүп, жаңысын баштаңыз.
withdrawal-error-empty = Документте азырынча таңгактар жок.

## /drafts жана /operations.
withdrawal-drafts-none = Долбоорлор жок. /withdraw менен документ баштаңыз.
withdrawal-drafts-head = 📝 <b>Долбоорлор</b>
withdrawal-draft-line = № { $number } · { $reason } · { $count } таңгак · { $date }
withdrawal-button-resume = ▶️ № { $number } улантуу
withdrawal-button-delete = 🗑 № { $number } өчүрүү
withdrawal-draft-gone = Бул долбоор мындан ары жок.
withdrawal-deleted = № { $number } долбоор өчүрүлдү.
withdrawal-operations-none = Азырынча жөнөтүлгөн документтер жок.
withdrawal-operations-head = 📋 <b>Документтер</b>
withdrawal-operation-line = № { $number } · { $date } · { $reason } · { $count } таңгак · { $status }
withdrawal-operation-error = ⚠️ { $error }
withdrawal-button-errors = ⚠️ № { $number } каталары
withdrawal-errors-head = ⚠️ <b>Документ № { $number }</b>: улуттук система четке каккан коддор: { $count }
withdrawal-error-line = <code>{ $code }</code> — { $error }

## Администраторлор: уюмдар жана алардын кызматкерлери.
org-usage = Формат: <code>/org list</code> же <code>/org add ИНН PLACE_ID NAME</code>, кааласаңыз <code>gateway=xtrace key=ENV_VAR region=NAME</code> менен.
org-list-head = 🏥 <b>Уюмдар</b>
org-list-none = Азырынча уюмдар жок. <code>/org add ИНН PLACE_ID NAME</code> менен кошуңуз.
org-line = { $id }. { $name } · ИНН { $tin } · иш жүргүзүү орду { $place } · { $gateway } · { $region }
org-added = { $id }-уюм кошулду: { $name } ({ $gateway }). Анын кызматкерлерине <code>/grant USER_ID institution { $id }</code> менен укук бериңиз.
org-grant-usage = Формат: <code>/grant USER_ID institution ORG_ID</code> (<code>/org list</code> караңыз).
org-granted = { $user } колдонуучу эми { $org }-уюмдун кызматкери (мурун: { $before }).
org-error-bad-tin = ИНН 9 сандан (уюм) же 14 сандан (жеке адамдын ПИНи) турат.
org-error-bad-gateway = Шлюз xtrace же file гана болушу мүмкүн.
org-error-bad-key-env = key= — API ачкычы сакталган чөйрө өзгөрмөсүнүн аты (A-Z, 0-9, _); xtrace шлюзу үчүн ал милдеттүү.
org-error-duplicate-tin = Мындай ИНН менен уюм мурунтан эле бар.
org-error-unknown-org = Мындай номердеги уюм жок (<code>/org list</code> караңыз).
org-error-fixed-admin = Администраторлор буйрук менен эмес, боттун жөндөөлөрүндө (ADMIN_IDS) белгиленет.
