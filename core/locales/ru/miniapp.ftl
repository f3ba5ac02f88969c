# The Mini App (live scanning from the camera, bot/webapp.py): the chat's buttons, then the page's words.
miniapp-button = 📷 Сканировать камерой
miniapp-menu-button = Сканер
miniapp-offer = Или наведите камеру на код — ответ придёт сразу:
miniapp-page-title = Проверка лекарства
miniapp-page-hint = Наведите камеру на квадратный код на упаковке
miniapp-page-starting = Включаю камеру…
miniapp-page-checking = Проверяю…
miniapp-page-scan-another = Сканировать ещё
miniapp-page-take-photo = Сделать фото вместо этого
miniapp-page-no-camera = Камера не включилась. Сфотографируйте код.
miniapp-page-photo-no-code = На этом фото нет кода. Поднесите телефон ближе к коду, при хорошем свете, и попробуйте снова.
miniapp-page-in-chat = Эта карточка есть и в чате; эти кнопки продолжат там:
miniapp-page-not-a-code = Это не код упаковки лекарства. Наведите камеру на квадратный код.
miniapp-page-signed-out = Откройте эту страницу из бота в Telegram.
miniapp-page-expired = Страница устарела: закройте её и откройте снова из бота.
miniapp-throttled = Слишком много проверок подряд. Подождите { $seconds } с.
miniapp-page-failed = Сейчас проверить не получается. Попробуйте через минуту.
