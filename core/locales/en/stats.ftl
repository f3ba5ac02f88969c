## Operators' statistics (/stats, the weekly digest): the summary, chart titles and their labels.
stats-usage = Usage: /stats [days] — for example /stats 7 (1 to 366 days; 30 by default).
stats-summary =
    📊 <b>Statistics { $first } – { $last }</b>
    Checks: { $checks } (green { $green }, yellow { $yellow }, red { $red })
    Complaints: { $complaints }, about overpricing: { $overprice }
    Complaints handled: { $handled }, median { $median_hours } h
    Recall notices: sent { $sent }, blocked { $blocked }, failed { $failed }
    Alerts: leaks { $leaks }, clones { $clones }
stats-digest = 🗓 <b>Weekly digest</b>
stats-nothing = Nothing to chart in this period.
stats-busy = The charts cannot be drawn right now; try again in a minute.
stats-chart-checks = Checks per day
stats-chart-red = Red checks by reason
stats-chart-products = Overprice complaints by product (median excess)
stats-chart-regions = Overprice complaints by region (median excess)
stats-chart-handling = Complaints handled within
stats-chart-recalls = Recall notices per campaign
stats-chart-alerts = Leak and clone alerts per day
stats-checks = checks
stats-complaints = complaints
stats-verdict-green = green
stats-verdict-yellow = yellow
stats-verdict-red = red
stats-reason-recalled = recalled
stats-reason-withdrawn = withdrawn
stats-reason-not_registered = not registered
stats-reason-expired = expired
stats-reason-other = other
stats-handled-day = 1 day
stats-handled-3days = 3 days
stats-handled-week = a week
stats-handled-longer = longer
stats-reach-sent = sent
stats-reach-blocked = blocked the bot
stats-reach-failed = failed
stats-alert-leak = leaks
stats-alert-clone = clones
stats-region-tashkent-city = Tashkent city
stats-region-tashkent = Tashkent region
stats-region-andijan = Andijan
stats-region-bukhara = Bukhara
stats-region-fergana = Fergana
stats-region-jizzakh = Jizzakh
stats-region-kashkadarya = Kashkadarya
stats-region-khorezm = Khorezm
stats-region-namangan = Namangan
stats-region-navoiy = Navoiy
stats-region-samarkand = Samarkand
stats-region-surkhandarya = Surkhandarya
stats-region-syrdarya = Syrdarya
stats-region-karakalpakstan = Karakalpakstan
stats-region-bishkek = Bishkek
stats-region-chuy = Chuy
stats-region-osh = Osh
stats-region-jalal-abad = Jalal-Abad
stats-region-batken = Batken
stats-region-naryn = Naryn
stats-region-issyk-kul = Issyk-Kul
stats-region-talas = Talas
stats-region-unknown = place not given
