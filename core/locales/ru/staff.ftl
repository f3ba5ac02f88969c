## Служба поддержки: карточки жалоб в чате поддержки, команды сотрудников.

role-citizen = гражданин
role-operator = оператор
role-support = поддержка
role-admin = администратор
role-institution = сотрудник медучреждения

## Жалоба в своей теме форума.
desk-topic-name = № { $id } · { $kind } · { $product }
desk-photo-receipt = Чек · жалоба № { $id }
desk-photo-pack = Упаковка · жалоба № { $id }
desk-card-title = <b>Жалоба № { $id }</b> · { $kind }
desk-card-status = Статус: <b>{ $status }</b>
desk-card-assignee = Ведёт: пользователь { $staff }
desk-card-created = Получена: { $when }
desk-card-product = Лекарство: { $product }
desk-card-gtin = GTIN: <code>{ $gtin }</code>
desk-card-registration = Регистрация: { $number }
desk-card-pack = Серия: { $batch } · серийный номер: <code>{ $serial }</code>
desk-card-paid = Оплачено: <b>{ $paid } { $currency }</b>
desk-card-over = Предельная цена: { $cap } { $currency } — превышение <b>{ $excess } { $currency } ({ $percent }%)</b>
desk-card-within = Предельная цена: { $cap } { $currency } — <b>в пределах</b>
desk-card-no-cap = Предельная цена: нет в данных реестра
desk-card-pharmacy = Аптека: { $pharmacy }
desk-card-location = Местоположение: https://maps.google.com/?q={ $lat },{ $lon }
desk-card-phone = Телефон: { $phone }
desk-card-no-phone = Телефон: не указан
desk-card-language = Язык гражданина: { $language }
desk-card-how = Чтобы ответить, пишите в этой теме: каждое сообщение сотрудника здесь уходит гражданину (начните с //, чтобы оставить заметку для своих).

desk-button-take = 🙋 Взять
desk-button-answer = 💬 Ответить
desk-button-close = ✅ Закрыть
desk-button-reject = ⛔ Отклонить

desk-done-take = Жалоба № { $id } теперь ваша.
desk-done-answer = Напишите ответ в этой теме.
desk-done-close = Жалоба № { $id } закрыта.
desk-done-reject = Жалоба № { $id } отклонена.
desk-taken = { $staff } взял(а) эту жалобу.
desk-answer-how = Напишите ответ гражданину сообщением в этой теме — он будет доставлен через мгновение. Сообщение, начинающееся с //, останется между сотрудниками.
desk-delivered = ✓ Доставлено гражданину.
desk-undeliverable = ✗ Не доставлено: гражданин заблокировал бота или удалил аккаунт.
desk-not-delivered = ✗ Не доставлено гражданину: { $reason }
desk-only-text = Гражданину доставляются только текстовые ответы; напишите ответ текстом.
desk-refused = Это может делать только служба поддержки. Ничего не изменено.
desk-error-not_found = Этой жалобы больше нет.
desk-error-final = Жалоба уже закрыта или отклонена; ничего не изменено и не отправлено.
desk-error-empty = Пустой ответ не отправлен.
desk-error-too_long = Ответ может быть не длиннее { $limit } символов; сократите его или напишите несколькими сообщениями. Ничего не отправлено.
desk-error-incomplete = Жалоба заполнена не полностью.

## Роли.
staff-grant-usage = Формат: <code>/grant USER_ID РОЛЬ</code>, где РОЛЬ — одна из: { $roles }.
staff-revoke-usage = Формат: <code>/revoke USER_ID</code>
staff-granted = Пользователь { $user } теперь — <b>{ $role }</b> (был: { $before }).
staff-revoked = Пользователь { $user } снова гражданин (был: { $before }).
staff-role-error-unknown-role = Такую роль выдать нельзя. Роли: { $roles }.
staff-role-error-fixed-admin = Администраторы задаются в настройках бота (ADMIN_IDS), а не командой.
staff-role-error-unknown-user = Такого пользователя нет.

## Выгрузка для регулятора.
staff-export-usage =
    Формат: <code>/export since=2026-01-01 until=2026-12-31 status=closed kind=overprice product=Paracetamol</code>
    Все фильтры необязательны; в status и kind можно указать несколько значений через запятую.
staff-export-bad = Не удалось прочитать фильтр { $field } = «{ $value }».
staff-export-done = Жалоб: { $count }
