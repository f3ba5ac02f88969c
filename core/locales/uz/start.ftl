start-welcome =
    <b>Assalomu alaykum! Men dori qadoqlarini tekshiraman.</b>

    Qadoqdagi kvadrat DataMatrix kodining rasmini yuboring — dori roʻyxatdan oʻtganmi, aynan shu qadoq haqiqiymi va muomaladami, eng yuqori narxi qancha ekanini aytaman.

    📷 Qanday suratga olish kerak: telefonni koddan 10–15 sm uzoqlikda tuting, kod butun kadrni egallasin, yorugʻ boʻlsin, yaltiramasin. Boʻlmasa, rasmni <i>fayl</i> sifatida (asl sifatda) yuboring yoki kod ostidagi yozuvni kiriting.

    🔒 Maxfiylik: qaytarib olish haqida ogohlantirish uchun faqat siz tekshirgan kodlarni saqlaymiz. /language — tilni oʻzgartirish, /help — barcha imkoniyatlar.
help-text =
    <b>Nimalar qila olaman</b>
    • Qadoq rasmini (yoki bir nechtasini) yuboring — undagi har bir kodni oʻqiyman.
    • Kodni, GTIN/EAN-13 shtrix-kod raqamini yoki GS1 havolasini kiriting.
    /history — oxirgi tekshiruvlaringiz
    /leaflet NOMI — dori yoʻriqnomasi
    /reminders — yaroqlilik muddati tugashidan oldingi eslatmalar
    /complaint — dorixona eng yuqori narxdan qimmat oldi
    /complaints — shikoyatlaringiz va javoblar
    /subscribe — tekshirgan dorilaringizni qaytarib olish haqida xabarlar
    /stop — boshqa xabar yubormaslik
    /language — tilni oʻzgartirish
language-choose = Tilni tanlang:
language-set = Tayyor: oʻzbek tilida gaplashaman.
