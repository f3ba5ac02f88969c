# The Mini App (live scanning from the camera, bot/webapp.py): the chat's buttons, then the page's words.
miniapp-button = 📷 Камера менен сканерлөө
miniapp-menu-button = Сканер
miniapp-offer = Же камераны кодго багыттаңыз — жооп дароо келет:
miniapp-page-title = Дарыны текшерүү
miniapp-page-hint = Камераны таңгактагы төрт бурчтуу кодго багыттаңыз
miniapp-page-starting = Камера күйгүзүлүүдө…
miniapp-page-checking = Текшерилүүдө…
miniapp-page-scan-another = Дагы сканерлөө
miniapp-page-take-photo = Анын ордуна сүрөткө тартуу
miniapp-page-no-camera = Камера күйгөн жок. Кодду сүрөткө тартыңыз.
miniapp-page-photo-no-code = Бул сүрөттө код табылган жок. Телефонду кодго жакыныраак кармап, жарык жерде кайра аракет кылыңыз.
miniapp-page-in-chat = Бул карта чатта да бар; бул баскычтар ошол жерде уланат:
miniapp-page-not-a-code = Бул дары таңгагынын коду эмес. Камераны төрт бурчтуу кодго багыттаңыз.
miniapp-page-signed-out = Бул баракты Telegramдагы боттон ачыңыз.
miniapp-page-expired = Барак эскирди: аны жаап, боттон кайра ачыңыз.
miniapp-throttled = Өтө көп текшерүү катары менен. { $seconds } секунд күтүңүз.
miniapp-page-failed = Азыр текшерүү мүмкүн эмес. Бир мүнөттөн кийин кайра аракет кылыңыз.
