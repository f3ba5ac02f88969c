language-name = Oʻzbekcha
service-unavailable = Kechirasiz, xizmat vaqtincha ishlamayapti. Bir necha daqiqadan soʻng qayta urinib koʻring — siz yuborgan narsa yoʻqolmaydi.
error-generic = Bizda nimadir xato ketdi. Qayta urinib koʻring; takrorlansa, /help deb yozing.
throttled = Juda koʻp xabar ketma-ket keldi. { $seconds } soniya kuting va javob olmagan xabarni qayta yuboring.
not-allowed = Bu buyruq faqat xodimlar uchun.
button-inactive = Bu tugma endi ishlamaydi.
