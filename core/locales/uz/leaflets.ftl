## Qoʻllash boʻyicha yoʻriqnoma: javob ostidagi tugma va /leaflet NOMI.
button-leaflet = Yoʻriqnoma
leaflet-caption =
    📄 <b>{ $title }</b>
    { $date } sanasidagi
leaflet-caption-undated = 📄 <b>{ $title }</b>
leaflet-unavailable = Kechirasiz, yoʻriqnomani hozir yuklab boʻlmayapti. Keyinroq urinib koʻring.
leaflet-too-big = Kechirasiz, yoʻriqnoma fayli Telegram orqali yuborish uchun juda katta.
leaflet-gone = Bu dorining yoʻriqnomasi hozir yoʻq. Qaytadan qidirish uchun /leaflet va nomini yuboring.
leaflet-ask = /leaflet dan keyin dori nomini yozing, masalan: /leaflet paratsetamol
leaflet-no-match = «{ $name }» nomli dori topilmadi. Yozilishini tekshiring yoki taʼsir etuvchi moddasini yozib koʻring.
leaflet-none = «{ $name }» dorisi menga maʼlum, lekin uning yoʻriqnomasi hozircha yoʻq.
leaflet-choose = Bir nechta dori mos keldi. Qaysi birining yoʻriqnomasi kerak?
