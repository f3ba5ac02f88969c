## Operators' statistics (/stats, the weekly digest): the summary, chart titles and their labels.
stats-usage = Колдонуу: /stats [күндөр] — мисалы, /stats 7 (1ден 366 күнгө чейин; демейки 30).
stats-summary =
    📊 <b>Статистика { $first } – { $last }</b>
    Текшерүүлөр: { $checks } (жашыл { $green }, сары { $yellow }, кызыл { $red })
    Даттануулар: { $complaints }, баанын ашырылышы боюнча: { $overprice }
    Каралган даттануулар: { $handled }, медиана { $median_hours } саат
    Кайтарып алуу билдирүүлөрү: жөнөтүлдү { $sent }, ботту бөгөттөгөн { $blocked }, ката { $failed }
    Эскертүүлөр: агып чыгуу { $leaks }, клондор { $clones }
stats-digest = 🗓 <b>Жумалык жыйынтык</b>
stats-nothing = Бул мезгилде графикте көрсөтө турган эч нерсе жок.
stats-busy = Азыр графиктерди тартуу мүмкүн эмес; бир мүнөттөн кийин кайра аракет кылыңыз.
stats-chart-checks = Күндөр боюнча текшерүүлөр
stats-chart-red = Кызыл текшерүүлөр себептери боюнча
stats-chart-products = Баа даттануулары дарылар боюнча (ашыруунун медианасы)
stats-chart-regions = Баа даттануулары аймактар боюнча (ашыруунун медианасы)
stats-chart-handling = Даттануулар каралган мөөнөт
stats-chart-recalls = Кампаниялар боюнча кайтарып алуу билдирүүлөрү
stats-chart-alerts = Күндөр боюнча агып чыгуу жана клон эскертүүлөрү
stats-checks = текшерүүлөр
stats-complaints = даттануулар
stats-verdict-green = жашыл
stats-verdict-yellow = сары
stats-verdict-red = кызыл
stats-reason-recalled = кайтарылып алынган
stats-reason-withdrawn = жүгүртүүдөн чыгарылган
stats-reason-not_registered = катталган эмес
stats-reason-expired = мөөнөтү өткөн
stats-reason-other = башка
stats-handled-day = 1 күн
stats-handled-3days = 3 күн
stats-handled-week = бир жума
stats-handled-longer = узагыраак
stats-reach-sent = жөнөтүлдү
stats-reach-blocked = ботту бөгөттөгөн
stats-reach-failed = ката
stats-alert-leak = агып чыгуу
stats-alert-clone = клондор
stats-region-tashkent-city = Ташкент шаары
stats-region-tashkent = Ташкент облусу
stats-region-andijan = Анжиян
stats-region-bukhara = Бухара
stats-region-fergana = Фергана
stats-region-jizzakh = Жизак
stats-region-kashkadarya = Кашкадарыя
stats-region-khorezm = Хорезм
stats-region-namangan = Наманган
stats-region-navoiy = Навои
stats-region-samarkand = Самарканд
stats-region-surkhandarya = Сурхандарыя
stats-region-syrdarya = Сырдарыя
stats-region-karakalpakstan = Каракалпакстан
stats-region-bishkek = Бишкек
stats-region-chuy = Чүй
stats-region-osh = Ош
stats-region-jalal-abad = Жалал-Абад
stats-region-batken = Баткен
stats-region-naryn = Нарын
stats-region-issyk-kul = Ысык-Көл
stats-region-talas = Талас
stats-region-unknown = жери көрсөтүлгөн эмес
