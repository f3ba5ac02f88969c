# The Mini App (live scanning from the camera, bot/webapp.py): the chat's buttons, then the page's words.
miniapp-button = 📷 Kamera bilan skanerlash
miniapp-menu-button = Skaner
miniapp-offer = Yoki kamerani kodga qarating — javob darhol keladi:
miniapp-page-title = Dorini tekshirish
miniapp-page-hint = Kamerani qadoqdagi kvadrat kodga qarating
miniapp-page-starting = Kamera yoqilmoqda…
miniapp-page-checking = Tekshirilmoqda…
miniapp-page-scan-another = Yana skanerlash
miniapp-page-take-photo = Buning oʻrniga rasmga olish
miniapp-page-no-camera = Kamera yoqilmadi. Kodni rasmga oling.
miniapp-page-photo-no-code = Bu rasmda kod topilmadi. Telefonni kodga yaqinroq tuting, yorugʻ joyda qayta urinib koʻring.
miniapp-page-in-chat = Bu karta chatda ham bor; bu tugmalar oʻsha yerda davom etadi:
miniapp-page-not-a-code = Bu dori qadogʻining kodi emas. Kamerani kvadrat kodga qarating.
miniapp-page-signed-out = Bu sahifani Telegramdagi botdan oching.
miniapp-page-expired = Sahifa eskirgan: uni yoping va botdan qayta oching.
miniapp-throttled = Juda koʻp tekshiruv ketma-ket. { $seconds } soniya kuting.
miniapp-page-failed = Hozir tekshirib boʻlmayapti. Bir daqiqadan soʻng qayta urinib koʻring.
