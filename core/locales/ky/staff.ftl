## Колдоо кызматы: колдоо чатындагы арыз карталары, кызматкерлердин буйруктары.

role-citizen = жаран
role-operator = оператор
role-support = колдоо кызматы
role-admin = администратор
role-institution = медициналык мекеменин кызматкери

## Арыз өзүнүн форум темасында.
desk-topic-name = № { $id } · { $kind } · { $product }
desk-photo-receipt = Чек · № { $id } арыз
desk-photo-pack = Таңгак · № { $id } арыз
desk-card-title = <b>№ { $id } арыз</b> · { $kind }
desk-card-status = Абалы: <b>{ $status }</b>
desk-card-assignee = Жооптуу: колдонуучу { $staff }
desk-card-created = Кабыл алынган: { $when }
desk-card-product = Дары: { $product }
desk-card-gtin = GTIN: <code>{ $gtin }</code>
desk-card-registration = Каттоо: { $number }
desk-card-pack = Серия: { $batch } · сериялык номер: <code>{ $serial }</code>
desk-card-paid = Төлөндү: <b>{ $paid } { $currency }</b>
desk-card-over = Эң жогорку баа: { $cap } { $currency } — ашыгы <b>{ $excess } { $currency } ({ $percent }%)</b>
desk-card-within = Эң жогорку баа: { $cap } { $currency } — <b>чегинде</b>
desk-card-no-cap = Эң жогорку баа: реестрдин маалыматында жок
desk-card-pharmacy = Дарыкана: { $pharmacy }
desk-card-location = Жайгашкан жери: https://maps.google.com/?q={ $lat },{ $lon }
desk-card-phone = Телефон: { $phone }
desk-card-no-phone = Телефон: берилген жок
desk-card-language = Жарандын тили: { $language }
desk-card-how = Жооп берүү үчүн ушул темада жазыңыз: бул жердеги кызматкердин ар бир билдирүүсү жаранга жөнөтүлөт (кызматкерлер үчүн эскертме // менен башталат).

desk-button-take = 🙋 Алуу
desk-button-answer = 💬 Жооп берүү
desk-button-close = ✅ Жабуу
desk-button-reject = ⛔ Четке кагуу

desk-done-take = № { $id } арыз эми сизде.
desk-done-answer = Жоопту ушул темада жазыңыз.
desk-done-close = № { $id } арыз жабылды.
desk-done-reject = № { $id } арыз четке кагылды.
desk-taken = { $staff } бул арызды алды.
desk-answer-how = Жаранга жоопту ушул темада билдирүү катары жазыңыз — ал заматта жеткирилет. // менен башталган билдирүү кызматкерлердин ортосунда калат.
desk-delivered = ✓ Жаранга жеткирилди.
desk-undeliverable = ✗ Жеткирилген жок: жаран ботту бөгөттөгөн же аккаунтун өчүргөн.
desk-not-delivered = ✗ Жаранга жеткирилген жок: { $reason }
desk-only-text = Жаранга текст түрүндөгү жооптор гана жеткирилет; жоопту текст менен жазыңыз.
desk-refused = Муну колдоо кызматынын кызматкерлери гана кыла алат. Эч нерсе өзгөргөн жок.
desk-error-not_found = Бул арыз мындан ары жок.
desk-error-final = Арыз мурунтан эле жабылган же четке кагылган; эч нерсе өзгөргөн жок жана жөнөтүлгөн жок.
desk-error-empty = Бош жооп жөнөтүлгөн жок.
desk-error-too_long = Жооп { $limit } белгиден ашпашы керек; аны кыскартыңыз же бир нече билдирүү кылып жазыңыз. Эч нерсе жөнөтүлгөн жок.
desk-error-incomplete = Арыз толук толтурулган эмес.

## Ролдор.
staff-grant-usage = Формат: <code>/grant USER_ID РОЛЬ</code>, мында РОЛЬ төмөнкүлөрдүн бири: { $roles }.
staff-revoke-usage = Формат: <code>/revoke USER_ID</code>
staff-granted = { $user } колдонуучу эми <b>{ $role }</b> (мурун: { $before }).
staff-revoked = { $user } колдонуучу кайра жаран (мурун: { $before }).
staff-role-error-unknown-role = Бул ролду берүүгө болбойт. Ролдор: { $roles }.
staff-role-error-fixed-admin = Администраторлор буйрук менен эмес, боттун жөндөөлөрүндө (ADMIN_IDS) белгиленет.
staff-role-error-unknown-user = Мындай колдонуучу жок.

## Жөнгө салуучу үчүн экспорт.
staff-export-usage =
    Формат: <code>/export since=2026-01-01 until=2026-12-31 status=closed kind=overprice product=Paracetamol</code>
    Бардык чыпкалар милдеттүү эмес; status жана kind үчүн бир нече маанини үтүр менен жазса болот.
staff-export-bad = { $field } = «{ $value }» чыпкасын окуй алган жокмун.
staff-export-done = Арыздар: { $count }
