## Withdrawal documents of medical institutions: what the background sender tells the staff member.

withdrawal-files = Документ вывода из оборота № { $number }: файлы JSON и CSV для загрузки в веб-кабинет ASL BELGISI.
withdrawal-status-changed = Документ вывода из оборота № { $number }: { $status }
withdrawal-status-draft = черновик
withdrawal-status-queued = в очереди на отправку
withdrawal-status-sent = отправлен, обрабатывается
withdrawal-status-success = обработан успешно
withdrawal-status-partial = обработан с ошибками
withdrawal-status-error = отклонён с ошибкой

## Меню сотрудника: под /start для сотрудников медицинских учреждений.
withdrawal-menu = 🏥 <b>Вывод из оборота</b>: учёт упаковок, которые ваше учреждение использовало или выдало.
withdrawal-menu-new = ➕ Новый документ вывода из оборота
withdrawal-menu-drafts = 📝 Черновики
withdrawal-menu-operations = 📋 Операции
withdrawal-not-staff = Это для сотрудников медицинского учреждения. Попросите администратора бота зарегистрировать вас.

## /withdraw, шаг за шагом.
withdrawal-ask-reason =
    🏥 <b>Новый документ вывода из оборота</b>
    По какой причине упаковки выводятся из оборота?
withdrawal-reason = { $reason ->
    [medical_use] Использование в медицинских целях
    [expiry] Истечение срока годности
    [free_prescription] Отпуск по льготному рецепту
    [destruction] Уничтожение / утилизация
    [loss] Утрата
   *[other] { $reason }
  }
withdrawal-kind = { $kind ->
    [prescription] рецепт
   *[act] акт
  }
withdrawal-primary-ask = Первичный документ ({ $kind }): введите его номер и дату, например <code>R-123 28.11.2026</code>.
withdrawal-primary-required = Для этой причины он обязателен.
withdrawal-primary-optional = Можно продолжить и без него.
withdrawal-button-no-primary = Без первичного документа
withdrawal-primary-bad-primary = Введите номер, затем дату в формате ДД.ММ.ГГГГ, например <code>R-123 28.11.2026</code>.
withdrawal-primary-future-primary = Дата документа — в будущем. Проверьте её, пожалуйста.
withdrawal-button-cancel = ✖ Отмена
withdrawal-cancelled = Отменено. Ничего не сохранено.
withdrawal-document-head = 🏥 <b>Документ вывода из оборота № { $number }</b> — { $reason }
withdrawal-primary = 📄 { $kind } № { $number } от { $date }
withdrawal-primary-none = 📄 Без первичного документа
withdrawal-count = В документе: { $count ->
    [one] { $count } упаковка
    [few] { $count } упаковки
    [many] { $count } упаковок
   *[other] { $count } упаковки
  }.
withdrawal-scan-ask = Отправьте коды упаковок: фото (на каждом одна или несколько упаковок), альбомы, изображения файлами, коды текстом (по одному в строке) или список .txt, .csv или .xlsx со сканера.
withdrawal-button-list = 📋 Список, удаление ({ $count })
withdrawal-button-save = 💾 Сохранить черновик
withdrawal-button-review = 📤 Проверить и отправить

## Ответы на отсканированные коды.
withdrawal-line = { $product } · серия { $batch } · годен до { $expiry } · <code>{ $code }</code>
withdrawal-duplicate = Код уже добавлен в документ:
withdrawal-warning = { $warning ->
    [unknown] нет в реестре кодов
    [withdrawn] уже выведена из оборота
    [recalled] серия отозвана
    [expired] срок годности истёк
   *[other] { $warning }
  }
withdrawal-more = …и ещё { $count }.
withdrawal-tally = Добавлено: { $added }. Уже были в документе: { $duplicate }. Ждут вашего подтверждения: { $asked }.
withdrawal-confirm-ask = ⚠️ { $count ->
    [one] { $count } упаковка
    [few] { $count } упаковки
    [many] { $count } упаковок
   *[other] { $count } упаковки
  } не в обороте. Добавляйте всё равно, только если упаковка у вас в руках и вы уверены.
withdrawal-button-add-anyway = ⚠️ Всё равно добавить ({ $count })
withdrawal-button-skip-pending = Не добавлять
withdrawal-nothing-pending = Подтверждения ничего не ждёт.
withdrawal-pending-skipped = Не добавлено: { $count }.
withdrawal-not-a-code = Это не код упаковки. Отправьте фото DataMatrix или введите код, напечатанный под ним.
withdrawal-lines-unreadable = Строк, не являющихся кодами упаковок: { $count }.
withdrawal-photo-no-code = На этом фото я не нашёл кода упаковки. Поднесите телефон ближе к DataMatrix, снимайте при хорошем свете и отправьте снова.
withdrawal-file-kind = Я читаю фото, изображения и списки кодов в файлах .txt, .csv или .xlsx. Пожалуйста, отправьте что-то из этого.
withdrawal-list-too-big = Этот список слишком большой. Разделите его на файлы меньше 10 МБ.
withdrawal-list-not-a-list = Списки кодов я читаю из файлов .txt, .csv или .xlsx.
withdrawal-list-unreadable = Не удалось прочитать этот файл. Сохраните его как текст в UTF-8, CSV или XLSX и отправьте снова.
withdrawal-list-no-codes = В этом файле нет ни одного кода упаковки.
withdrawal-list-bad-lines = Строк без кода упаковки: { $count } ({ $lines }).

## Список, чтобы удалить код.
withdrawal-list-latest = Показаны последние { $shown } из { $count }.
withdrawal-list-how = Нажмите ✖ с номером, чтобы удалить эту упаковку.
withdrawal-list-empty = Упаковок пока нет. Отправьте их коды.
withdrawal-removed = Удалено.
withdrawal-remove-gone = Этой упаковки уже нет в документе.

## Сохранение и отправка.
withdrawal-saved = 💾 Черновик № { $number } сохранён. Продолжить его можно через /drafts.
withdrawal-summary-head = 📤 <b>Отправить этот документ?</b> Дата и время вывода из оборота: { $when }
withdrawal-summary-ask = После отправки упаковки сразу отмечаются как выведенные из оборота, а документ уходит в национальную систему.
withdrawal-button-send = ✅ Отправить
withdrawal-button-continue = ⬅️ Продолжить сканирование
withdrawal-queued = ✅ Документ № { $number } (упаковок: { $count }) поставлен в очередь на отправку в национальную систему. Я сообщу, когда изменится его статус; см. /operations.
withdrawal-stale = Этот шаг закрыт. Начните заново с /withdraw или /drafts.
withdrawal-unexpected = Отправьте коды упаковок (фото, файлы или коды текстом) или воспользуйтесь кнопками.

## Ошибки документа.
withdrawal-error-unknown-document = Этого документа больше нет.
withdrawal-error-not-draft = Этот документ уже отправлен, изменить его нельзя.
withdrawal-error-bad-reason = Такая причина неизвестна.
withdrawal-error-not-a-pack = Добавлять можно только коды упаковок.
withdrawal-error-too-many = Кодов в одном документе — не больше { $max }. Отправьте этот документ и начните новый.
withdrawal-error-empty = В документе пока нет упаковок.

## /drafts и /operations.
withdrawal-drafts-none = Черновиков нет. Начните документ с /withdraw.
withdrawal-drafts-head = 📝 <b>Черновики</b>
withdrawal-draft-line = № { $number } · { $reason } · упаковок: { $count } · { $date }
withdrawal-button-resume = ▶️ Продолжить № { $number }
withdrawal-button-delete = 🗑 Удалить № { $number }
withdrawal-draft-gone = Этого черновика больше нет.
withdrawal-deleted = Черновик № { $number } удалён.
withdrawal-operations-none = Отправленных документов пока нет.
withdrawal-operations-head = 📋 <b>Документы</b>
withdrawal-operation-line = № { $number } · { $date } · { $reason } · упаковок: { $count } · { $status }
withdrawal-operation-error = ⚠️ { $error }
withdrawal-button-errors = ⚠️ Ошибки № { $number }
withdrawal-errors-head = ⚠️ <b>Документ № { $number }</b>: кодов, отклонённых национальной системой: { $count }
withdrawal-error-line = <code>{ $code }</code> — { $error }

## Администраторы: организации и их сотрудники.
org-usage = Формат: <code>/org list</code> или <code>/org add ИНН PLACE_ID NAME</code>, при необходимости с <code>gateway=xtrace key=ENV_VAR region=NAME</code>.
org-list-head = 🏥 <b>Организации</b>
org-list-none = Организаций пока нет. Добавьте организацию командой <code>/org add ИНН PLACE_ID NAME</code>.
org-line = { $id }. { $name } · ИНН { $tin } · место деятельности { $place } · { $gateway } · { $region }
org-added = Организация { $id } добавлена: { $name } ({ $gateway }). Назначьте её сотрудников командой <code>/grant USER_ID institution { $id }</code>.
org-grant-usage = Формат: <code>/grant USER_ID institution ORG_ID</code> (см. <code>/org list</code>).
org-granted = Пользователь { $user } теперь сотрудник организации { $org } (был: { $before }).
org-error-bad-tin = ИНН — это 9 цифр (организация) или 14 цифр (ПИНФЛ физического лица).
org-error-bad-gateway = Шлюз может быть только xtrace или file.
org-error-bad-key-env = key= — имя переменной окружения, в которой хранится ключ API (A-Z, 0-9, _); для шлюза xtrace оно обязательно.
org-error-duplicate-tin = Организация с таким ИНН уже есть.
org-error-unknown-org = Организации с таким номером нет (см. <code>/org list</code>).
org-error-fixed-admin = Администраторы задаются в настройках бота (ADMIN_IDS), а не командой.
