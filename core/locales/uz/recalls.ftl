## Qaytarib olish: operatorning /recall suhbati, fuqarolarga xabar, obunalar va /stop.

## /recall, qadamma-qadam (operatorlar).
recall-ask-product =
    🚫 <b>Yangi qaytarib olish</b>
    Qaysi dori? Uning GTIN raqamini (shtrix-kod ostidagi 13 yoki 14 raqam), nomini yoki qadoq suratini yuboring.
recall-bad-gtin = Bu raqamlar haqiqiy GTIN emas (nazorat raqami toʻgʻri kelmayapti). Raqamni tekshiring.
recall-product-not-found = «{ $query }» nomli dori topilmadi. GTIN, boshqa nom yoki qadoq suratini yuboring.
recall-product-choose = Bir nechta dori mos keldi. Qaysi biri?
recall-photo-no-code = Bu suratdagi kodni oʻqiy olmadim. GTIN yoki nomini yuboring.
recall-product = 💊 <b>{ $name }</b>, GTIN { $gtin }
recall-product-unknown = 💊 GTIN { $gtin } — katalogda yoʻq, lekin uning qadoqlari baribir qaytarib olingan deb belgilanadi.
recall-batches-ask = Qaysi seriyalar qaytarib olinadi? Quyidagi seriyalarni bosing yoki seriya raqamlarini vergul bilan yozing.
recall-batches-none-known = Bu dorining seriyalari maʼlum emas. Seriya raqamlarini vergul bilan yozing yoki barcha seriyalarni tanlang.
recall-batches-bad = Bu seriya raqamiga oʻxshamaydi. Seriya raqamlarini vergul bilan yozing.
recall-batches-empty = Kamida bitta seriyani yoki «Barcha seriyalar»ni tanlang.
recall-reason-ask = Nima sababdan qaytarib olinmoqda?
recall-reason-quality-defect = Sifat nuqsoni
recall-reason-falsified = Qalbaki dori
recall-reason-contamination = Ifloslanish
recall-reason-labelling = Markirovka xatosi
recall-reason-other = Boshqa sabab…
recall-reason-type = Sababni bir necha soʻz bilan yozing (300 belgigacha).
recall-severity-ask = Bu qanchalik xavfli?
recall-severity-button = { $severity ->
    [high] 🔴 Yuqori xavf
    [medium] 🟠 Oʻrtacha xavf
   *[low] 🟡 Past xavf
  }
recall-severity-label = { $severity ->
    [high] yuqori xavf
    [medium] oʻrtacha xavf
    [low] past xavf
   *[other] { $severity }
  }
recall-notice-ask = Odamlar oladigan xabarni yozing: nima muammo va dori bilan nima qilish kerak. Bu matn hammaga boradi; keyin har bir til uchun alohida variant qoʻshishingiz mumkin.
recall-notice-too-long = Xabar juda uzun ({ $length } belgi). Iltimos, { $max } belgidan oshirmang.
recall-notice-one = Xabar saqlandi, hammaga shu holida boradi. Boshqa tildagi variantini qoʻshing yoki koʻrib chiqishga oʻting.
recall-notice-more = Xabar saqlandi, alohida varianti bor tillar: { $languages }. Qolganlar birinchi matnni oladi. Yana til qoʻshing yoki koʻrib chiqishga oʻting.
recall-notice-lang-ask = Xabarni shu tilda yozing: { $language }.
recall-preview-title = <b>Yuborishdan oldin qaytarib olishni tekshiring</b>
recall-preview-batches = 📦 Seriyalar: { $batches }
recall-preview-all-batches = 📦 Barcha seriyalar
recall-preview-reason = ❗ { $reason }, { $severity }
recall-preview-notice = <b>Xabar:</b>
    { $notice }
recall-preview-languages = Alohida variantlar: { $languages }
recall-preview-audience = 👥 Qabul qiluvchilar: <b>{ $total }</b> — bu seriyalarni tekshirganlar: { $checked }, bu doriga obuna boʻlganlar: { $subscribed }, boshqa foydalanuvchilar: { $everyone }.
recall-button-all-batches = Barcha seriyalar
recall-button-next = Tanlanganlar ({ $count }) bilan davom etish ➡️
recall-button-preview = Koʻrib chiqish ➡️
recall-button-confirm = ✅ Qaytarib olishni eʼlon qilish
recall-button-everyone-off = 📢 Qolgan barcha { $count } foydalanuvchiga ham: yoʻq
recall-button-everyone-on = 📢 Qolgan barcha { $count } foydalanuvchiga ham: ha
recall-preview-time = ⏱ Hammaga yuborish taxminan { $duration } (s:dd:ss) oladi.
recall-preview-urgent = ⚡ <b>Shoshilinch</b>: Telegramning pullik tarqatmasi bilan, taxminan { $duration } (s:dd:ss). Narxi koʻpi bilan { $stars } ⭐ (xabar uchun 0,1 ⭐; bot bir qaytarib olishga { $max } ⭐ gacha ruxsat beradi).
recall-button-urgent-off = ⚡ Shoshilinch, pullik tarqatma: yoʻq
recall-button-urgent-on = ⚡ Shoshilinch, pullik tarqatma: ha
recall-urgent-off = Shoshilinch yuborish oʻchirilgan: administrator PAID_BROADCAST_MAX_STARS ni (qaytarib olishning pullik tarqatmasi uchun eng koʻp Stars) bermagan.
recall-urgent-over-cap = { $total } kishiga shoshilinch yuborish { $stars } ⭐ gacha turadi, botga esa { $max } ⭐ ruxsat berilgan. Odatiy tezlikda yuboring.
recall-paid-spent = ⚡ Pullik tarqatma: { $paid } ta xabar, koʻpi bilan { $stars } ⭐
recall-button-cancel = Bekor qilish
recall-cancelled = Qaytarib olish bekor qilindi. Hech narsa oʻzgarmadi.
recall-already-issued = Bu qaytarib olish allaqachon eʼlon qilingan.
recall-stale = Bu qaytarib olish qoralamasi yopilgan. /recall bilan qaytadan boshlang.
recall-unexpected = Iltimos, yuqoridagi savolga javob bering yoki toʻxtatish uchun /cancel yuboring.
recall-issued = ✅ <b>№{ $id } qaytarib olish kuchga kirdi</b>: endi bu qadoqlarni tekshirish qizil natija beradi. Xabar yuborilmoqda, qabul qiluvchilar: { $total }…

## Yuborish jarayoni va yakuniy hisobot (bitta, yangilanib turadigan xabar).
recall-progress = 📣 <b>№{ $id } qaytarib olish</b>: { $total } tadan { $sent } ta yuborildi · xato { $failed } · qoldi { $left } · soniyasiga { $rate }
recall-report =
    ✅ <b>№{ $id } qaytarib olish: xabarlar yuborib boʻlindi</b>
    Yetkazildi: { $total } tadan { $sent } ta
    Botni bloklaganlar: { $blocked }
    Xatolar: { $failed }
    Vaqt: { $duration }

## Fuqaro oladigan xabar.
recall-notice-title = ⚠️ <b>Dori qaytarib olinmoqda: { $name }</b>
recall-notice-product = GTIN { $gtin }
recall-notice-batches = 📦 Seriyalar: { $batches }
recall-notice-all-batches = 📦 Bu dorining barcha seriyalari
recall-notice-reason = ❗ { $reason } ({ $severity })
recall-notice-text = { $notice }
recall-why-checked = Siz bu xabarni shu bot orqali bu dorining qadogʻini tekshirganingiz uchun oldingiz. Bu seriyalardagi qadoqlarni ishlatmang; ularni dorixonaga qaytaring.
recall-why-subscribed = Siz bu xabarni shu dorining qaytarib olinishi haqida xabar berishni soʻraganingiz uchun oldingiz.
recall-why-everyone = Bu xabar botning barcha foydalanuvchilariga yuboriladi.
recall-notice-footer = /stop — qaytarib olish haqida boshqa xabar yubormaslik.

## /subscribe va /stop (fuqarolar).
subscribe-empty =
    Siz hali birorta dorini kuzatmayapsiz. Tekshiruv javobi ostidagi «Bu dorining qaytarib olinishi haqida xabar bering» tugmasini bosing yoki /subscribe va shtrix-kod ostidagi raqamni yuboring.
    Siz tekshirgan seriya qaytarib olinsa, baribir xabar beramiz.
subscribe-list = <b>Qaytarib olish haqida xabarlar</b>: bu dorilar (va siz tekshirgan seriyalar) qaytarib olinsa, xabar beramiz. Kuzatishni toʻxtatish uchun dorini bosing.
subscribe-line = • { $name } (GTIN { $gtin })
subscribe-button-off = 🔕 { $name }
subscribe-bad-code = /subscribe dan keyin shtrix-kod ostidagi raqamni (GTIN) yoki qadoq kodini yuboring.
subscribe-resumed = 🔔 Qaytarib olish haqida xabarlar yana yoqildi.
subscribe-added = 🔔 Tayyor: { $name } qaytarib olinsa, sizga xabar beraman.
subscribe-already = Siz { $name } ni allaqachon kuzatyapsiz.
subscribe-check-gone = Bu tekshiruv endi tarixingizda yoʻq.
subscribe-removed = 🔕 Tayyor, u haqida boshqa xabar boʻlmaydi.
stop-done = 🔕 Endi qaytarib olish haqida xabar olmaysiz. /subscribe ularni yana yoqadi.
