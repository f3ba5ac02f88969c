## Отзывы: диалог /recall для операторов, уведомление гражданам, подписки и /stop.

## /recall, шаг за шагом (операторы).
recall-ask-product =
    🚫 <b>Новый отзыв</b>
    Какое лекарство? Пришлите его GTIN (13 или 14 цифр под штрихкодом), название или фото упаковки.
recall-bad-gtin = Эти цифры — не действительный GTIN (не сходится контрольная цифра). Проверьте номер.
recall-product-not-found = Не нашёл лекарство «{ $query }». Пришлите GTIN, другое название или фото упаковки.
recall-product-choose = Подходят несколько лекарств. Какое из них?
recall-photo-no-code = Не удалось прочитать код на этом фото. Пришлите GTIN или название.
recall-product = 💊 <b>{ $name }</b>, GTIN { $gtin }
recall-product-unknown = 💊 GTIN { $gtin } — нет в каталоге, но его упаковки всё равно будут отмечены как отозванные.
recall-batches-ask = Какие серии отзываются? Нажмите на серии ниже или напишите номера серий через запятую.
recall-batches-none-known = Серии этого лекарства не известны. Напишите номера серий через запятую или выберите все серии.
recall-batches-bad = Это не похоже на номер серии. Напишите номера серий через запятую.
recall-batches-empty = Выберите хотя бы одну серию или «Все серии».
recall-reason-ask = Почему отзывается?
recall-reason-quality-defect = Дефект качества
recall-reason-falsified = Фальсифицированное лекарство
recall-reason-contamination = Загрязнение
recall-reason-labelling = Ошибка маркировки
recall-reason-other = Другая причина…
recall-reason-type = Опишите причину в нескольких словах (до 300 знаков).
recall-severity-ask = Насколько это опасно?
recall-severity-button = { $severity ->
    [high] 🔴 Высокий риск
    [medium] 🟠 Средний риск
   *[low] 🟡 Низкий риск
  }
recall-severity-label = { $severity ->
    [high] высокий риск
    [medium] средний риск
    [low] низкий риск
   *[other] { $severity }
  }
recall-notice-ask = Напишите уведомление, которое получат люди: что не так и что делать с лекарством. Этот текст получат все; затем можно добавить вариант для каждого языка.
recall-notice-too-long = Уведомление слишком длинное ({ $length } знаков). Уложитесь в { $max }.
recall-notice-one = Уведомление сохранено, все получат его в таком виде. Добавьте вариант на другом языке или перейдите к предпросмотру.
recall-notice-more = Уведомление сохранено, свой вариант есть на языках: { $languages }. Остальные получат первый текст. Добавьте ещё язык или перейдите к предпросмотру.
recall-notice-lang-ask = Напишите уведомление на языке: { $language }.
recall-preview-title = <b>Проверьте отзыв перед отправкой</b>
recall-preview-batches = 📦 Серии: { $batches }
recall-preview-all-batches = 📦 Все серии
recall-preview-reason = ❗ { $reason }, { $severity }
recall-preview-notice = <b>Уведомление:</b>
    { $notice }
recall-preview-languages = Свои варианты на языках: { $languages }
recall-preview-audience = 👥 Получателей: <b>{ $total }</b> — проверяли эти серии: { $checked }, подписаны на это лекарство: { $subscribed }, другие пользователи: { $everyone }.
recall-button-all-batches = Все серии
recall-button-next = Дальше с выбранными ({ $count }) ➡️
recall-button-preview = Предпросмотр ➡️
recall-button-confirm = ✅ Объявить отзыв
recall-button-everyone-off = 📢 Сообщить и всем остальным ({ $count }): нет
recall-button-everyone-on = 📢 Сообщить и всем остальным ({ $count }): да
recall-preview-time = ⏱ Рассылка всем займёт около { $duration } (ч:мм:сс).
recall-preview-urgent = ⚡ <b>Срочно</b>: платной рассылкой Telegram, около { $duration } (ч:мм:сс). Стоимость не больше { $stars } ⭐ (0,1 ⭐ за уведомление; бот разрешает до { $max } ⭐ на отзыв).
recall-button-urgent-off = ⚡ Срочно, платная рассылка: нет
recall-button-urgent-on = ⚡ Срочно, платная рассылка: да
recall-urgent-off = Срочная рассылка выключена: администратор не задал PAID_BROADCAST_MAX_STARS (сколько Telegram Stars может стоить платная рассылка отзыва).
recall-urgent-over-cap = Срочная рассылка { $total } получателям стоила бы до { $stars } ⭐, а боту разрешено { $max } ⭐ на отзыв. Отправьте в обычном темпе.
recall-paid-spent = ⚡ Платная рассылка: { $paid } уведомлений, не больше { $stars } ⭐
recall-button-cancel = Отмена
recall-cancelled = Отзыв отменён. Ничего не изменилось.
recall-already-issued = Этот отзыв уже объявлен.
recall-stale = Этот черновик отзыва закрыт. Начните заново с /recall.
recall-unexpected = Ответьте, пожалуйста, на вопрос выше или отправьте /cancel, чтобы прервать.
recall-issued = ✅ <b>Отзыв №{ $id } вступил в силу</b>: с этого момента проверка этих упаковок показывает красный. Отправляю уведомление, получателей: { $total }…

## Ход рассылки и итоговый отчёт (одно сообщение, которое обновляется).
recall-progress = 📣 <b>Отзыв №{ $id }</b>: отправлено { $sent } из { $total } · ошибок { $failed } · осталось { $left } · { $rate } в секунду
recall-report =
    ✅ <b>Отзыв №{ $id }: рассылка завершена</b>
    Доставлено: { $sent } из { $total }
    Заблокировали бота: { $blocked }
    Ошибок: { $failed }
    Время: { $duration }

## Уведомление, которое получает гражданин.
recall-notice-title = ⚠️ <b>Отзыв лекарства: { $name }</b>
recall-notice-product = GTIN { $gtin }
recall-notice-batches = 📦 Серии: { $batches }
recall-notice-all-batches = 📦 Все серии этого лекарства
recall-notice-reason = ❗ { $reason } ({ $severity })
recall-notice-text = { $notice }
recall-why-checked = Вы получили это сообщение, потому что проверяли упаковку этого лекарства в этом боте. Не применяйте упаковки этих серий; верните их в аптеку.
recall-why-subscribed = Вы получили это сообщение, потому что просили сообщать об отзывах этого лекарства.
recall-why-everyone = Это уведомление получают все пользователи бота.
recall-notice-footer = /stop — больше не присылать уведомления об отзывах.

## /subscribe и /stop (граждане).
subscribe-empty =
    Вы пока не следите ни за одним лекарством. Под ответом на проверку нажмите «Сообщать об отзывах этого лекарства» или отправьте /subscribe и номер под штрихкодом.
    Об отзыве проверенной вами серии мы сообщим в любом случае.
subscribe-list = <b>Уведомления об отзывах</b>: мы сообщим, если отзовут эти лекарства (и серии, которые вы проверяли). Нажмите на лекарство, чтобы перестать за ним следить.
subscribe-line = • { $name } (GTIN { $gtin })
subscribe-button-off = 🔕 { $name }
subscribe-bad-code = После /subscribe пришлите номер под штрихкодом (GTIN) или код упаковки.
subscribe-resumed = 🔔 Уведомления об отзывах снова включены.
subscribe-added = 🔔 Готово: сообщу, если { $name } отзовут.
subscribe-already = Вы уже следите за { $name }.
subscribe-check-gone = Этой проверки больше нет в вашей истории.
subscribe-removed = 🔕 Готово, уведомлений о нём больше не будет.
stop-done = 🔕 Уведомления об отзывах больше не придут. /subscribe снова их включит.
