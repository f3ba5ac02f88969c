## Operators' statistics (/stats, the weekly digest): the summary, chart titles and their labels.
stats-usage = Foydalanish: /stats [kunlar] — masalan, /stats 7 (1 dan 366 kungacha; odatda 30).
stats-summary =
    📊 <b>Statistika { $first } – { $last }</b>
    Tekshiruvlar: { $checks } (yashil { $green }, sariq { $yellow }, qizil { $red })
    Shikoyatlar: { $complaints }, narx oshirilgani haqida: { $overprice }
    Koʻrib chiqilgan shikoyatlar: { $handled }, mediana { $median_hours } soat
    Qaytarib olish xabarlari: yuborildi { $sent }, botni bloklagan { $blocked }, xato { $failed }
    Ogohlantirishlar: sizib chiqish { $leaks }, klonlar { $clones }
stats-digest = 🗓 <b>Haftalik hisobot</b>
stats-nothing = Bu davrda grafikda koʻrsatadigan narsa yoʻq.
stats-busy = Hozir grafiklarni chizib boʻlmayapti; bir daqiqadan keyin qayta urinib koʻring.
stats-chart-checks = Kunlar boʻyicha tekshiruvlar
stats-chart-red = Qizil tekshiruvlar sabablari boʻyicha
stats-chart-products = Narx shikoyatlari dorilar boʻyicha (oshish medianasi)
stats-chart-regions = Narx shikoyatlari hududlar boʻyicha (oshish medianasi)
stats-chart-handling = Shikoyatlar koʻrib chiqilgan muddat
stats-chart-recalls = Kampaniyalar boʻyicha qaytarib olish xabarlari
stats-chart-alerts = Kunlar boʻyicha sizib chiqish va klon ogohlantirishlari
stats-checks = tekshiruvlar
stats-complaints = shikoyatlar
stats-verdict-green = yashil
stats-verdict-yellow = sariq
stats-verdict-red = qizil
stats-reason-recalled = qaytarib olingan
stats-reason-withdrawn = muomaladan chiqarilgan
stats-reason-not_registered = roʻyxatdan oʻtmagan
stats-reason-expired = muddati oʻtgan
stats-reason-other = boshqa
stats-handled-day = 1 kun
stats-handled-3days = 3 kun
stats-handled-week = bir hafta
stats-handled-longer = uzoqroq
stats-reach-sent = yuborildi
stats-reach-blocked = botni bloklagan
stats-reach-failed = xato
stats-alert-leak = sizib chiqish
stats-alert-clone = klonlar
stats-region-tashkent-city = Toshkent shahri
stats-region-tashkent = Toshkent viloyati
stats-region-andijan = Andijon
stats-region-bukhara = Buxoro
stats-region-fergana = Fargʻona
stats-region-jizzakh = Jizzax
stats-region-kashkadarya = Qashqadaryo
stats-region-khorezm = Xorazm
stats-region-namangan = Namangan
stats-region-navoiy = Navoiy
stats-region-samarkand = Samarqand
stats-region-surkhandarya = Surxondaryo
stats-region-syrdarya = Sirdaryo
stats-region-karakalpakstan = Qoraqalpogʻiston
stats-region-bishkek = Bishkek
stats-region-chuy = Chuy
stats-region-osh = Oʻsh
stats-region-jalal-abad = Jalolobod
stats-region-batken = Botken
stats-region-naryn = Norin
stats-region-issyk-kul = Issiqkoʻl
stats-region-talas = Talas
stats-region-unknown = joy koʻrsatilmagan
