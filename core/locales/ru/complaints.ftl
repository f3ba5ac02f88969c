## Жалоба: цена выше предельной или проблема с упаковкой.

currency-UZS = сум
currency-KGS = сом
complaint-money = { $amount } { $currency }

complaint-kind-overprice = Цена выше предельной
complaint-kind-counterfeit = Подозрение на подделку
complaint-kind-withdrawn = В продаже выбывший код
complaint-kind-damaged = Повреждённая упаковка
complaint-kind-other = Другая проблема

complaint-status-new = получена
complaint-status-in_progress = на рассмотрении
complaint-status-answered = дан ответ
complaint-status-closed = закрыта
complaint-status-rejected = отклонена

complaint-product-unknown = лекарство не определено

## Кнопки.
complaint-button-back = ⬅️ Назад
complaint-button-cancel = ✖️ Отменить
complaint-button-skip = Пропустить ➡️
complaint-button-location = 📍 Отправить местоположение аптеки
complaint-button-contact = 📞 Поделиться номером телефона
complaint-button-send = ✅ Отправить жалобу

## Вопросы, по одному.
complaint-ask-product =
    <b>Жалоба на цену</b>
    Какое лекарство? Напишите название (например, <i>Парацетамол</i>) или пришлите фото упаковки с кодом.
complaint-ask-price =
    <b>{ $product }</b>
    Сколько вы заплатили за одну упаковку? Напишите сумму, например <i>45 000</i>.
complaint-ask-price-cap =
    <b>{ $product }</b>
    Предельная розничная цена — <b>{ $cap } { $currency }</b>.
    Сколько вы заплатили за одну упаковку? Напишите сумму, например <i>45 000</i>.
complaint-ask-pharmacy = В какой аптеке? Напишите название и адрес или отправьте её местоположение кнопкой ниже.
complaint-ask-receipt = Пришлите фото чека (фотографией или файлом-изображением). Это обязательно: чек показывает, что и за сколько продали.
complaint-ask-pack = Если можете, пришлите и фото упаковки. Или нажмите «Пропустить».
complaint-ask-phone = Можно ли сотрудникам поддержки вам позвонить? Поделитесь номером кнопкой ниже или нажмите «Пропустить».
complaint-review = Почти готово. Проверьте жалобу:

report-ask-kind =
    <b>{ $product }</b>
    Что не так с этой упаковкой?
report-kind-bad = Пожалуйста, выберите одну из кнопок.

## Поиск лекарства по названию.
complaint-product-pick = Какое из них?
complaint-product-not-found = Лекарство «{ $query }» не найдено. Проверьте написание, попробуйте другое название или пришлите фото упаковки.
complaint-product-bad = Напишите название лекарства (не меньше двух букв) или пришлите фото упаковки.
complaint-product-no-code = Не удалось прочитать код на фото. Напишите название лекарства или пришлите другое фото кода.

## Ответы, которые не подходят.
complaint-price-not-a-number = Напишите цену числом, например <i>45 000</i> или <i>45000.50</i>.
complaint-price-zero = Цена не может быть нулевой. Сколько вы заплатили?
complaint-price-negative = Цена не может быть отрицательной. Сколько вы заплатили?
complaint-price-too-precise = В цене не больше двух знаков после запятой (самая мелкая монета — 0,01). Напишите её ещё раз, например <i>45 000</i> или <i>45000.50</i>.
complaint-price-too-large = Слишком большая сумма для одной упаковки. Проверьте и напишите ещё раз.
complaint-pharmacy-bad = Напишите название и адрес аптеки (от 3 до 300 символов) или отправьте её местоположение кнопкой.
complaint-receipt-bad = Нужно фото чека: пришлите его фотографией или файлом-изображением.
complaint-pack-bad = Пришлите фото упаковки или нажмите «Пропустить».
complaint-not-an-image = Этот файл не похож на изображение, которое я могу прочитать. Пришлите фото (JPEG, PNG, HEIC).
complaint-image-too-large = Изображение слишком большое. Пришлите его как фото, а не файлом.
complaint-phone-bad = Нажмите кнопку «Поделиться номером телефона» или «Пропустить».
complaint-phone-not-yours = Пожалуйста, поделитесь своим номером с помощью кнопки ниже.
complaint-confirm-bad = Нажмите «Отправить жалобу», чтобы отправить, или «Назад», чтобы что-то изменить.
complaint-photo-again = Не удалось прочитать одно из фото. Пришлите его ещё раз.
complaint-busy = ⏳ Сейчас я обрабатываю очень много фото. Пришлите это фото ещё раз через минуту — остальное в жалобе сохранено.
complaint-send-busy = ⏳ Сейчас я обрабатываю очень много фото. Ничего не потеряно: нажмите «Отправить жалобу» ещё раз через минуту.
complaint-check-missing = Эта проверка больше не найдена. Пришлите фото упаковки ещё раз.
complaint-expired = Эта кнопка больше не действует.
complaint-cancelled = Жалоба отменена. Ничего не отправлено.
complaint-nothing-to-cancel = Отменять нечего.

## Незаконченная жалоба: она истекает, а код упаковки или вторая жалоба не занимают её место без спроса.
complaint-draft-expired = Ваша незаконченная жалоба на <b>{ $product }</b> удалена: ответа не было { $minutes } мин. Ничего не отправлено.
complaint-discarded = Незаконченная жалоба на <b>{ $product }</b> удалена. Ничего не отправлено.
complaint-open-other = У вас есть незаконченная жалоба на <b>{ $product }</b>. Продолжить её или удалить и начать новую?
complaint-button-continue = ▶️ Продолжить её
complaint-button-start-new = 🆕 Удалить, начать новую
complaint-code-or-complaint = Это код упаковки, а у вас есть незаконченная жалоба на <b>{ $product }</b>. Проверить эту упаковку (незаконченная жалоба тогда удаляется) или продолжить жалобу?
complaint-code-or-receipt = На этом фото код упаковки. Это чек для вашей жалобы на <b>{ $product }</b> или упаковка для проверки (незаконченная жалоба тогда удаляется)?
complaint-button-check-pack = 🔍 Проверить упаковку
complaint-button-go-on = ✏️ Продолжить жалобу
complaint-button-is-receipt = 🧾 Это чек

## Сводка перед отправкой.
complaint-summary-title = <b>{ $kind }</b>
complaint-summary-product = 💊 { $product }
complaint-summary-batch = Серия: { $batch }
complaint-summary-price = 💰 Оплачено: { $paid } { $currency }
complaint-summary-pharmacy = 🏥 { $pharmacy }
complaint-summary-location = 📍 Местоположение: { $lat }, { $lon }
complaint-summary-photos =
    { $count ->
        [1] 📎 Фото чека
       *[other] 📎 Фото чека и упаковки
    }
complaint-summary-phone = 📞 { $phone }
complaint-summary-no-phone = 📞 Без номера телефона (ответ придёт сюда)

## Сравнение с предельной ценой.
complaint-excess-over = Это на <b>{ $excess } { $currency } ({ $percent }%) выше</b> предельной цены { $cap } { $currency }.
complaint-excess-within = Эта цена не превышает предельную цену { $cap } { $currency }.
complaint-excess-unknown = Предельной цены этого лекарства нет в наших данных; служба поддержки проверит её.

## После отправки.
complaint-accepted = ✅ <b>Жалоба № { $id } принята.</b>
complaint-accepted-within = Мы всё равно её зарегистрировали с пометкой «цена в пределах предельной».
complaint-accepted-next = Служба поддержки рассмотрит её; ответ придёт сюда. Все ваши жалобы — /complaints.

## /complaints
complaints-title = <b>Ваши жалобы</b>
complaints-none = Вы ещё не отправляли жалоб. Чтобы пожаловаться на цену, отправьте /complaint.
complaints-item = <b>№ { $id }</b> · { $date } · { $kind }
    { $product } — <i>{ $status }</i>
complaints-item-answer = 💬 { $answer }

## Что сделала служба поддержки — сообщение гражданину.
complaint-notice-answer =
    💬 <b>Ответ на вашу жалобу № { $id }</b>

    { $text }
complaint-notice-new = Ваша жалоба № { $id } получена.
complaint-notice-in-progress = 🔎 Ваша жалоба № { $id } рассматривается службой поддержки.
complaint-notice-answered = 💬 На вашу жалобу № { $id } дан ответ.
complaint-notice-closed = ✅ Ваша жалоба № { $id } закрыта. Спасибо, что сообщили.
complaint-notice-rejected = Ваша жалоба № { $id } отклонена службой поддержки. Если вы считаете это ошибкой, отправьте новую жалобу с подробностями.
