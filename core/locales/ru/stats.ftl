## Operators' statistics (/stats, the weekly digest): the summary, chart titles and their labels.
stats-usage = Использование: /stats [дни] — например, /stats 7 (от 1 до 366 дней; по умолчанию 30).
stats-summary =
    📊 <b>Статистика { $first } – { $last }</b>
    Проверок: { $checks } (зелёных { $green }, жёлтых { $yellow }, красных { $red })
    Жалоб: { $complaints }, на завышенную цену: { $overprice }
    Жалоб обработано: { $handled }, медиана { $median_hours } ч
    Уведомления об отзыве: отправлено { $sent }, заблокировали бота { $blocked }, ошибок { $failed }
    Тревоги: утечки { $leaks }, клоны { $clones }
stats-digest = 🗓 <b>Недельная сводка</b>
stats-nothing = За этот период нечего показать на графиках.
stats-busy = Сейчас не удаётся нарисовать графики; попробуйте через минуту.
stats-chart-checks = Проверки по дням
stats-chart-red = Красные проверки по причинам
stats-chart-products = Жалобы на цену по препаратам (медиана превышения)
stats-chart-regions = Жалобы на цену по регионам (медиана превышения)
stats-chart-handling = Жалобы обработаны за
stats-chart-recalls = Уведомления об отзыве по кампаниям
stats-chart-alerts = Тревоги об утечках и клонах по дням
stats-checks = проверки
stats-complaints = жалобы
stats-verdict-green = зелёные
stats-verdict-yellow = жёлтые
stats-verdict-red = красные
stats-reason-recalled = отозвано
stats-reason-withdrawn = выведено из оборота
stats-reason-not_registered = не зарегистрировано
stats-reason-expired = истёк срок
stats-reason-other = другое
stats-handled-day = 1 день
stats-handled-3days = 3 дня
stats-handled-week = неделя
stats-handled-longer = дольше
stats-reach-sent = отправлено
stats-reach-blocked = заблокировали бота
stats-reach-failed = ошибка
stats-alert-leak = утечки
stats-alert-clone = клоны
stats-region-tashkent-city = г. Ташкент
stats-region-tashkent = Ташкентская обл.
stats-region-andijan = Андижан
stats-region-bukhara = Бухара
stats-region-fergana = Фергана
stats-region-jizzakh = Джизак
stats-region-kashkadarya = Кашкадарья
stats-region-khorezm = Хорезм
stats-region-namangan = Наманган
stats-region-navoiy = Навои
stats-region-samarkand = Самарканд
stats-region-surkhandarya = Сурхандарья
stats-region-syrdarya = Сырдарья
stats-region-karakalpakstan = Каракалпакстан
stats-region-bishkek = Бишкек
stats-region-chuy = Чуй
stats-region-osh = Ош
stats-region-jalal-abad = Джалал-Абад
stats-region-batken = Баткен
stats-region-naryn = Нарын
stats-region-issyk-kul = Иссык-Куль
stats-region-talas = Талас
stats-region-unknown = место не указано
