## Yaqin atrofda qayerdan sotib olish mumkin: /find NOMI yoki yashil yoki sariq kartochka ostidagi tugma.

button-nearby = 📍 Yaqin atrofda qayerdan olish mumkin
nearby-button-location = 📍 Joylashuvimni yuborish
nearby-button-cancel = ✖️ Bekor qilish
nearby-button-previous = ⬅️ Yaqinroq
nearby-button-next = Uzoqroq ➡️
nearby-button-venue = 📍 { $n }. { $name } xaritada

nearby-ask-product = Qaysi dorini qidiryapsiz? Nomini lotin yoki kirill harflarida yozing.
nearby-product-bad = Dori nomini yozing (kamida ikki harf) yoki «Bekor qilish» tugmasini bosing.
nearby-not-found = Reyestr katalogida «{ $query }» nomli dori yoʻq. Yozilishini tekshiring yoki boshqa nom yozing.
nearby-pick = Bir nechta dori mos keldi. Qaysi birini qidiryapsiz?
nearby-ask-place = { $product } qayerdan qidirilsin? Quyidagi tugma bilan joylashuvingizni yuboring yoki tuman yoki koʻcha nomini yozing.
nearby-place-unknown = «{ $place }» da biz biladigan dorixona yoʻq. Boshqa tuman yoki koʻcha yozing yoki tugma bilan joylashuvingizni yuboring.
nearby-cancelled = Qidiruv bekor qilindi.
nearby-gone = Bu dorixona endi roʻyxatda yoʻq.

nearby-within = 💊 Sizdan { $km } km ichida { $product } bor dorixonalar, eng yaqini birinchi:
nearby-widened = { $first } km ichida hech narsa yoʻq. 💊 { $km } km ichida { $product } bor dorixonalar, eng yaqini birinchi:
nearby-region = { $km } km ichida hech narsa yoʻq. 💊 { $region } hududining boshqa joylarida { $product } bor dorixonalar, eng yaqini birinchi:
nearby-none = Yaqin atrofdagi birorta dorixona soʻnggi { $days } kunda { $product } borligini xabar qilmagan (eskiroq maʼlumotlar hisobga olinmaydi: qoldiq tez oʻzgaradi).
nearby-none-region = { $region } hududidagi birorta dorixona soʻnggi { $days } kunda { $product } borligini xabar qilmagan (eskiroq maʼlumotlar hisobga olinmaydi: qoldiq tez oʻzgaradi).

nearby-pharmacy = <b>{ $n }. { $name }</b> — { $distance } km
nearby-address = 🏠 { $address }
nearby-hours = 🕘 { $hours }
nearby-phone = 📞 { $phone }
nearby-quantity-few = 📦 Bir necha quti qoldi ({ $date } holatiga)
nearby-quantity-some = 📦 Mavjud ({ $date } holatiga)
nearby-quantity-many = 📦 Koʻp miqdorda mavjud ({ $date } holatiga)
nearby-price = 💰 { $price }
nearby-price-unknown = 💰 Narxi koʻrsatilmagan
nearby-price-below = 💰 { $price }, eng yuqori narx { $cap } dan past
nearby-price-at = 💰 { $price }, eng yuqori narx
nearby-price-above = 💰 { $price }, ⚠️ eng yuqori narx { $cap } dan baland
nearby-page = Dorixonalar { $first }–{ $last }
nearby-page-gone = Shundan beri qoldiq oʻzgardi: /find bilan qaytadan qidiring.
