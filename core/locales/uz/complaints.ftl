## Shikoyat: narx eng yuqori narxdan baland yoki qadoqda muammo.

currency-UZS = soʻm
currency-KGS = som
complaint-money = { $amount } { $currency }

complaint-kind-overprice = Narx eng yuqori narxdan baland
complaint-kind-counterfeit = Qalbaki boʻlishi mumkin
complaint-kind-withdrawn = Muomaladan chiqarilgan kod sotuvda
complaint-kind-damaged = Qadoq shikastlangan
complaint-kind-other = Boshqa muammo

complaint-status-new = qabul qilindi
complaint-status-in_progress = koʻrib chiqilmoqda
complaint-status-answered = javob berildi
complaint-status-closed = yopildi
complaint-status-rejected = rad etildi

complaint-product-unknown = dori aniqlanmadi

## Tugmalar.
complaint-button-back = ⬅️ Orqaga
complaint-button-cancel = ✖️ Bekor qilish
complaint-button-skip = Oʻtkazib yuborish ➡️
complaint-button-location = 📍 Dorixona joylashuvini yuborish
complaint-button-contact = 📞 Telefon raqamimni yuborish
complaint-button-send = ✅ Shikoyatni yuborish

## Savollar, birma-bir.
complaint-ask-product =
    <b>Narx haqida shikoyat</b>
    Qaysi dori? Nomini yozing (masalan, <i>Paratsetamol</i>) yoki kodi koʻrinadigan qadoq rasmini yuboring.
complaint-ask-price =
    <b>{ $product }</b>
    Bitta qadoq uchun qancha toʻladingiz? Summani yozing, masalan <i>45 000</i>.
complaint-ask-price-cap =
    <b>{ $product }</b>
    Eng yuqori chakana narx — <b>{ $cap } { $currency }</b>.
    Bitta qadoq uchun qancha toʻladingiz? Summani yozing, masalan <i>45 000</i>.
complaint-ask-pharmacy = Qaysi dorixona? Nomi va manzilini yozing yoki quyidagi tugma bilan joylashuvini yuboring.
complaint-ask-receipt = Chek rasmini yuboring (surat yoki rasm fayli sifatida). Bu majburiy: chek nima va qanchaga sotilganini koʻrsatadi.
complaint-ask-pack = Iloji boʻlsa, qadoq rasmini ham yuboring. Yoki “Oʻtkazib yuborish”ni bosing.
complaint-ask-phone = Qoʻllab-quvvatlash xizmati sizga qoʻngʻiroq qilsa boʻladimi? Quyidagi tugma bilan raqamingizni yuboring yoki “Oʻtkazib yuborish”ni bosing.
complaint-review = Deyarli tayyor. Shikoyatingizni tekshiring:

report-ask-kind =
    <b>{ $product }</b>
    Bu qadoqda nima muammo bor?
report-kind-bad = Iltimos, tugmalardan birini tanlang.

## Dorini nomi boʻyicha topish.
complaint-product-pick = Qaysi biri?
complaint-product-not-found = “{ $query }” nomli dori topilmadi. Yozilishini tekshiring, boshqa nom bilan urinib koʻring yoki qadoq rasmini yuboring.
complaint-product-bad = Dori nomini yozing (kamida ikki harf) yoki qadoq rasmini yuboring.
complaint-product-no-code = Rasmdagi kodni oʻqiy olmadim. Dori nomini yozing yoki kodning boshqa rasmini yuboring.

## Qabul qilinmaydigan javoblar.
complaint-price-not-a-number = Narxni raqam bilan yozing, masalan <i>45 000</i> yoki <i>45000.50</i>.
complaint-price-zero = Narx nol boʻlishi mumkin emas. Qancha toʻladingiz?
complaint-price-negative = Narx manfiy boʻlishi mumkin emas. Qancha toʻladingiz?
complaint-price-too-precise = Narxda verguldan keyin koʻpi bilan ikki raqam boʻladi (eng kichik tanga — 0,01). Qaytadan yozing, masalan <i>45 000</i> yoki <i>45000.50</i>.
complaint-price-too-large = Bitta qadoq uchun bu summa juda katta. Tekshirib, qayta yozing.
complaint-pharmacy-bad = Dorixona nomi va manzilini yozing (3 dan 300 belgigacha) yoki tugma bilan joylashuvini yuboring.
complaint-receipt-bad = Chek rasmi kerak: uni surat yoki rasm fayli sifatida yuboring.
complaint-pack-bad = Qadoq rasmini yuboring yoki “Oʻtkazib yuborish”ni bosing.
complaint-not-an-image = Bu fayl men oʻqiy oladigan rasm emas. Surat yuboring (JPEG, PNG, HEIC).
complaint-image-too-large = Rasm juda katta. Uni fayl emas, surat sifatida yuboring.
complaint-phone-bad = “Telefon raqamimni yuborish” tugmasini yoki “Oʻtkazib yuborish”ni bosing.
complaint-phone-not-yours = Iltimos, quyidagi tugma orqali oʻz raqamingizni yuboring.
complaint-confirm-bad = Yuborish uchun “Shikoyatni yuborish”ni, biror narsani oʻzgartirish uchun “Orqaga”ni bosing.
complaint-photo-again = Rasmlardan birini oʻqiy olmadim. Iltimos, uni qayta yuboring.
complaint-busy = ⏳ Hozir juda koʻp rasmlar bilan bandman. Bu rasmni biroz vaqtdan soʻng qayta yuboring — shikoyatingizning qolgan qismi saqlangan.
complaint-send-busy = ⏳ Hozir juda koʻp rasmlar bilan bandman. Hech narsa yoʻqolmadi: biroz vaqtdan soʻng “Shikoyatni yuborish”ni yana bosing.
complaint-check-missing = Bu tekshiruv endi topilmadi. Qadoq rasmini qayta yuboring.
complaint-expired = Bu tugma endi ishlamaydi.
complaint-cancelled = Shikoyat bekor qilindi. Hech narsa yuborilmadi.
complaint-nothing-to-cancel = Bekor qiladigan narsa yoʻq.

## Tugallanmagan shikoyat: muddati oʻtadi, qadoq kodi yoki ikkinchi shikoyat soʻramasdan uning oʻrnini egallamaydi.
complaint-draft-expired = <b>{ $product }</b> haqidagi tugallanmagan shikoyatingiz { $minutes } daqiqa javobsiz qolgani uchun oʻchirildi. Hech narsa yuborilmadi.
complaint-discarded = <b>{ $product }</b> haqidagi tugallanmagan shikoyat oʻchirildi. Hech narsa yuborilmadi.
complaint-open-other = Sizda <b>{ $product }</b> haqida tugallanmagan shikoyat bor. Uni davom ettirasizmi yoki oʻchirib, yangisini boshlaysizmi?
complaint-button-continue = ▶️ Davom ettirish
complaint-button-start-new = 🆕 Oʻchirib, yangisini boshlash
complaint-code-or-complaint = Bu qadoq kodi, sizda esa <b>{ $product }</b> haqida tugallanmagan shikoyat bor. Bu qadoqni tekshiraymi (tugallanmagan shikoyat oʻchiriladi) yoki shikoyatni davom ettirasizmi?
complaint-code-or-receipt = Bu rasmda qadoq kodi bor. Bu <b>{ $product }</b> haqidagi shikoyatingiz uchun chekmi yoki tekshiriladigan qadoqmi (tugallanmagan shikoyat oʻchiriladi)?
complaint-button-check-pack = 🔍 Qadoqni tekshirish
complaint-button-go-on = ✏️ Shikoyatni davom ettirish
complaint-button-is-receipt = 🧾 Bu chek

## Yuborishdan oldingi xulosa.
complaint-summary-title = <b>{ $kind }</b>
complaint-summary-product = 💊 { $product }
complaint-summary-batch = Seriya: { $batch }
complaint-summary-price = 💰 Toʻlandi: { $paid } { $currency }
complaint-summary-pharmacy = 🏥 { $pharmacy }
complaint-summary-location = 📍 Joylashuv: { $lat }, { $lon }
complaint-summary-photos =
    { $count ->
        [1] 📎 Chek rasmi
       *[other] 📎 Chek va qadoq rasmlari
    }
complaint-summary-phone = 📞 { $phone }
complaint-summary-no-phone = 📞 Telefon raqamisiz (javob shu yerga keladi)

## Narx eng yuqori narx bilan solishtirilganda.
complaint-excess-over = Bu eng yuqori narx { $cap } { $currency } dan <b>{ $excess } { $currency } ({ $percent }%) qimmat</b>.
complaint-excess-within = Bu narx eng yuqori narx { $cap } { $currency } doirasida.
complaint-excess-unknown = Bu dorining eng yuqori narxi bizning maʼlumotlarda yoʻq; qoʻllab-quvvatlash xizmati uni tekshiradi.

## Yuborilgandan keyin.
complaint-accepted = ✅ <b>{ $id }-sonli shikoyat qabul qilindi.</b>
complaint-accepted-within = Baribir uni roʻyxatga oldik, “narx eng yuqori narx doirasida” deb belgiladik.
complaint-accepted-next = Qoʻllab-quvvatlash xizmati uni koʻrib chiqadi; javob shu yerga keladi. Barcha shikoyatlaringiz — /complaints.

## /complaints
complaints-title = <b>Shikoyatlaringiz</b>
complaints-none = Siz hali shikoyat yubormagansiz. Narx haqida shikoyat qilish uchun /complaint yuboring.
complaints-item = <b>№ { $id }</b> · { $date } · { $kind }
    { $product } — <i>{ $status }</i>
complaints-item-answer = 💬 { $answer }

## Qoʻllab-quvvatlash xizmati nima qilgani — fuqaroga xabar.
complaint-notice-answer =
    💬 <b>{ $id }-sonli shikoyatingizga javob</b>

    { $text }
complaint-notice-new = { $id }-sonli shikoyatingiz qabul qilindi.
complaint-notice-in-progress = 🔎 { $id }-sonli shikoyatingiz qoʻllab-quvvatlash xizmati tomonidan koʻrib chiqilmoqda.
complaint-notice-answered = 💬 { $id }-sonli shikoyatingizga javob berildi.
complaint-notice-closed = ✅ { $id }-sonli shikoyatingiz yopildi. Xabar berganingiz uchun rahmat.
complaint-notice-rejected = { $id }-sonli shikoyatingiz qoʻllab-quvvatlash xizmati tomonidan rad etildi. Agar bu xato deb hisoblasangiz, batafsil maʼlumot bilan yangi shikoyat yuboring.
