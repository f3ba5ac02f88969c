## Tekshiruv: javob kartasi, kod topilmaganda yordam, tarix.

## Xulosa: hal qiluvchi sabab boʻyicha bitta oddiy gap.
verdict-in_circulation = Tekshirildi: bu qadoqning kodi reyestrda bor va muomalada.
verdict-recalled = Ishlatmang: bu seriya qaytarib olingan.
verdict-withdrawn = Diqqat: bu qadoqning kodi allaqachon muomaladan chiqarilgan — bunday qadoq javonda boʻlmasligi kerak.
verdict-withdrawn-institution = Sotib olmang: bu qadoq { $date } kuni tibbiyot muassasasida ishlatilgan yoki berilgan — u sotuvda boʻlmasligi kerak.
verdict-not_registered = Diqqat: bu dori reyestrda yoʻq — u noqonuniy olib kirilgan yoki qalbaki boʻlishi mumkin.
verdict-expired = Ishlatmang: bu qadoqning yaroqlilik muddati tugagan.
verdict-cannot_check = Hozir tekshirib boʻlmaydi: { $state ->
    [missing] botda maʼlumot yoʻq ({ $what })
   *[stale] botdagi maʼlumotlar ({ $what }) { $date } sanasiga oid — juda eski
  }. Bu qadoq qalbaki degani emas — keyinroq yana tekshiring.
verdict-unknown_code = Ehtiyot boʻling: dori roʻyxatdan oʻtgan, lekin bu qadoqning kodi muomalada deb qayd etilmagan.
verdict-product_only = Bu shtrix-kod qadoqni emas, dorini bildiradi, shuning uchun u bu qadoq haqiqiymi-yoʻqmi ayta olmaydi. Buning uchun kvadrat DataMatrix kodini suratga oling.
verdict-registration_expired = Ehtiyot boʻling: bu dorining roʻyxatdan oʻtish muddati tugagan (undan oldin ishlab chiqarilgan qadoqlar hali sotilishi mumkin).
verdict-registration_expiring = Ehtiyot boʻling: bu dorining roʻyxatdan oʻtish muddati 30 kun ichida tugaydi.
verdict-no_certificate = Bu seriya uchun reyestrda sifat sertifikati yoʻq.
verdict-no_code = Qadoq kodini topa olmadim.

## Boshqa sabablar, xulosa ostida.
also-recalled = seriya qaytarib olingan
also-withdrawn = kod muomaladan chiqarilgan
also-withdrawn-institution = bu qadoq { $date } kuni tibbiyot muassasasida ishlatilgan yoki berilgan
also-not_registered = dori reyestrda yoʻq
also-expired = yaroqlilik muddati tugagan
also-cannot_check = hozir tekshirib boʻlmaydi: { $what } ({ $state ->
    [missing] maʼlumot yoʻq
   *[stale] maʼlumotlar { $date } sanasiga oid
  })
also-unknown_code = kod muomalada deb qayd etilmagan
also-product_only = qadoq emas, faqat dori maʼlum
also-registration_expired = roʻyxatdan oʻtish muddati tugagan
also-registration_expiring = roʻyxatdan oʻtish 30 kun ichida tugaydi
card-also = Shuningdek: { $reasons }.

## Dori shakllari, reyestr yozganidek (yozilishlarini handlers/register_words.py moslaydi).
form-tablets = tabletkalar
form-film-coated-tablets = plyonka qobiq bilan qoplangan tabletkalar
form-prolonged-release-tablets = prolongirlangan taʼsirli tabletkalar
form-capsules = kapsulalar
form-solution-for-injection = inyeksiya uchun eritma
form-powder-for-injection = inyeksiya uchun kukun
form-inhalation-aerosol = ingalyatsiya uchun aerozol
form-syrup = sirop
form-ointment = surtma
form-drops = tomchilar
form-suspension = suspenziya
form-suppositories = shamchalar

## Javob kartasi.
card-headline = { $mark } <b>{ $sentence }</b>
card-product = 💊 <b>{ $name }</b>
card-product-unknown = 💊 GTIN { $gtin } boʻlgan mahsulot dori vositalari reyestrida yoʻq.
card-product-gtin = 💊 GTIN { $gtin }
part-product = dori vositalari reyestri
part-registration = roʻyxatdan oʻtish maʼlumotlari
part-code_status = qadoq kodlari reyestri
part-certificate = sifat sertifikatlari roʻyxati
part-price = narxlar reyestri
card-inn = Taʼsir etuvchi modda: { $inn }
card-form = Shakli: { $form }
card-form-pack = Shakli: { $form }, { $size } dona
card-manufacturer = Ishlab chiqaruvchi: { $name }
card-manufacturer-country = Ishlab chiqaruvchi: { $name }, { $country }
card-registration = 📄 Roʻyxatdan oʻtish { $number }: { $status ->
    [valid] amalda
    [suspended] toʻxtatilgan
    [expired] muddati tugagan
    [annulled] bekor qilingan
   *[other] { $status }
  }, { $until } gacha
card-registration-no-date = 📄 Roʻyxatdan oʻtish { $number }: { $status ->
    [valid] amalda
    [suspended] toʻxtatilgan
    [expired] muddati tugagan
    [annulled] bekor qilingan
   *[other] { $status }
  }
card-registration-none = 📄 Roʻyxatdan oʻtish haqida maʼlumot yoʻq.
card-registration-unchecked = 📄 Roʻyxatdan oʻtish: hozir tekshirib boʻlmaydi — { $state ->
    [missing] maʼlumotlar yuklanmagan
   *[stale] maʼlumotlar { $date } sanasiga oid
  }.
card-batch-certificate = 📦 Seriya { $batch }: sifat sertifikati { $number }, { $date }, bergan: { $issuer }
card-batch-no-certificate = 📦 Seriya { $batch }: reyestrda sifat sertifikati yoʻq.
card-batch-unchecked = 📦 Seriya { $batch }: sifat sertifikatini hozir tekshirib boʻlmaydi — { $state ->
    [missing] sertifikatlar roʻyxati yuklanmagan
   *[stale] sertifikatlar roʻyxati { $date } sanasiga oid
  }.
card-batch-unknown = 📦 Seriya: kodda koʻrsatilmagan va reyestrda topilmadi.
card-code-in_circulation = 🔖 Qadoq kodi: muomalada.
card-code-applied = 🔖 Qadoq kodi: bosilgan, lekin muomalaga kiritilmagan.
card-code-withdrawn = 🔖 Qadoq kodi: { $date } da muomaladan chiqarilgan — { $reason ->
    [sale] xaridorga sotilgan
    [medical_use] shifoxonada ishlatilgan
    [expiry] yaroqlilik muddati tugagan
    [free_prescription] imtiyozli retsept boʻyicha berilgan
    [destruction] yoʻq qilingan
    [loss] yoʻqolgan
    [export] eksport qilingan
   *[other] { $reason }
  }.
card-code-unknown = 🔖 Qadoq kodi: kodlar reyestrida topilmadi.
card-code-unchecked = 🔖 Qadoq kodi: hozir tekshirib boʻlmaydi — { $state ->
    [missing] kodlar reyestri yuklanmagan
   *[stale] kodlar reyestri { $date } sanasiga oid
  }.
card-expiry = ⏳ Yaroqlilik muddati: { $date }
card-expiry-passed = ⏳ Yaroqlilik muddati { $date } da tugagan
card-price = 💰 Eng yuqori chakana narx: { $price } { $currency ->
    [UZS] { currency-UZS }
    [KGS] { currency-KGS }
    [RUB] rubl
   *[other] { $currency }
  } ({ $date } dan)
card-price-no-date = 💰 Eng yuqori chakana narx: { $price } { $currency ->
    [UZS] { currency-UZS }
    [KGS] { currency-KGS }
    [RUB] rubl
   *[other] { $currency }
  }
card-price-none = 💰 Reyestrda eng yuqori chakana narx yoʻq.
card-price-unchecked = 💰 Eng yuqori chakana narx: hozir tekshirib boʻlmaydi — { $state ->
    [missing] narxlar reyestri yuklanmagan
   *[stale] narxlar reyestri { $date } sanasiga oid
  }.
card-recall = ⚠️ <b>{ $date } dagi qaytarib olish</b> ({ $severity ->
    [high] yuqori xavf
    [medium] oʻrtacha xavf
    [low] past xavf
   *[other] { $severity }
  }): { $reason }
card-recall-notice = <i>{ $notice }</i>
card-data-date = <i>Reyestr maʼlumotlari { $date } holatiga.</i>
card-data-date-unknown = <i>Reyestr maʼlumotlarining sanasi nomaʼlum.</i>

## Karta ostidagi tugmalar.
button-complain = Narx yuqoriroq edi
button-report = Bu qadoq bilan muammo haqida xabar berish
button-subscribe = Bu dorining qaytarib olinishi haqida xabar bering

## Rasmda kod topilmaganda.
nocode-title = 🔍 Bu rasmda qadoq kodini topa olmadim.
nocode-hint-too_small = Rasmda kod juda kichik — telefonni yaqinroq tuting.
nocode-hint-blurred = Rasm xira — telefonni qimirlatmay tuting va kodga fokus qilishini kuting.
nocode-hint-dark = Rasm juda qorongʻi — yorugʻ joyda, yaltiramasdan suratga oling.
nocode-hint-bright = Rasm juda yorugʻ yoki yaltirayapti — qadoqni yorugʻlikdan biroz burang.
nocode-hint-linear_only = Men faqat oddiy shtrix-kodni (chiziqlarni) koʻryapman. U dorini bildiradi, qadoqni emas; qadoqdagi kichik kvadrat kodni toping.
nocode-hint-foreign = Bu rasmdagi kodni oʻqidim, lekin u dori qadogʻining kodi emas (ehtimol, sayt havolasi yoki doʻkon yorligʻi).
nocode-how =
    Qanday qayta suratga olish kerak:
    • kvadrat kod butun kadrni egallasin, telefon 10–15 sm uzoqlikda;
    • yorugʻ boʻlsin, yaltiramasin, kod tekis va aniq boʻlsin;
    • yoki rasmni <i>fayl</i> sifatida yuboring (📎 → Fayl) — asl sifati saqlanadi.
nocode-type = Yonida bosilgan kodni ham kiritishingiz mumkin, masalan <code>01 04780000000014 21 5bX2kLm9QeRt8</code>, yoki shtrix-kod ostidagi 13 ta raqamni.
album-nocode = Albomdagi { $count } ta rasmda kod topa olmadim.

## Kod boʻlmagan matn.
notcode-not_a_code =
    Bu qadoq kodiga oʻxshamaydi.
    Qadoqdagi kvadrat kodning rasmini yuboring yoki uning yonida bosilgan yozuvni kiriting, masalan:
    <code>01 04780000000014 21 5bX2kLm9QeRt8</code>
    yoki shtrix-kod ostidagi 13 ta raqam: <code>4780000000014</code>
notcode-empty = Qadoqdagi kvadrat kodning rasmini yuboring yoki kodni kiriting.
notcode-bad_check_digit = Bu shtrix-kodning raqamlari mos kelmayapti (nazorat raqami notoʻgʻri). Raqamda xato yoʻqligini tekshiring.
notcode-ambiguous_separators = Bu kodda seriya raqami qayerda tugashini aniqlay olmayapman. Iltimos, kodning rasmini yuboring.
notcode-bad_expiry = Bu koddagi yaroqlilik muddati mavjud boʻlmagan sana. Xato yoʻqligini tekshiring.
notcode-too_long = Bu matn qadoq kodi boʻlishi uchun juda uzun.

## Fayllar, rasmlar va nosozliklar.
check-file-too-big = Bu fayl 20 MB dan katta — Telegram uni yuklab olishimga ruxsat bermaydi. Uni rasm sifatida yoki kichikroq rasm qilib yuboring.
check-not-an-image = Men faqat rasmlarni oʻqiy olaman. Qadoqdagi kodning rasmini (yoki rasmni fayl sifatida) yuboring.
check-image-not_an_image = Bu rasmni ocha olmadim. Rasmni JPEG, PNG yoki HEIC formatida yuboring.
check-image-too_large = Bu rasm men uchun juda katta. Kodning kichikroq rasmini yuboring.
check-image-too_many_pixels = Bu rasmda piksellar juda koʻp. Kodning oddiy rasmini yuboring.
check-image-truncated = Rasm toʻliq kelmadi. Uni qayta yuboring.
check-busy = ⏳ Hozir juda koʻp rasmlarni oʻqiyapman. Biroz vaqtdan soʻng rasmingizni qayta yuboring.
check-timeout = Bu rasmni oʻqish juda uzoq davom etdi. Kodning yaqinroqdan olingan rasmini yuboring yoki kodni kiriting.
check-unsupported = Men dori qadoqlarining rasmlarini va kiritilgan kodlarni oʻqiyman. Qadoqdagi kvadrat kodning rasmini yuboring.
check-unknown-command = Bunday buyruqni bilmayman. /help nimalar qila olishimni koʻrsatadi.

## /history
history-title = <b>Oxirgi tekshiruvlaringiz</b>
    Reyestrning yangi maʼlumotlari bilan qayta tekshirish uchun birini bosing.
history-empty = Siz hali birorta qadoqni tekshirmagansiz. Boshlash uchun qadoqdagi kvadrat kodning rasmini yuboring.
history-line = { $n }. { $mark } { $when } — { $what }
history-pack = GTIN { $gtin }, seriya raqami { $serial }
history-product = GTIN { $gtin }
history-button = { $n }. { $mark } { $what }
history-not-found = Bu tekshiruv endi tarixingizda yoʻq.
