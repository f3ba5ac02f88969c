language-name = Oʻzbekcha
service-unavailable = Kechirasiz, xizmat vaqtincha ishlamayapti. Bir necha daqiqadan soʻng qayta urinib koʻring — siz yuborgan narsa yoʻqolmaydi.
error-generic = Bizda nimadir xato ketdi. Qayta urinib koʻring; takrorlansa, /help deb yozing.
throttled = Siz xabarlarni biz tekshirib ulgurganimizdan tezroq yuboryapsiz. Bir daqiqa kuting va qadoqni qayta yuboring.
not-allowed = Bu buyruq faqat xodimlar uchun.
button-inactive = Bu tugma endi ishlamaydi.
