# The Mini App (live scanning from the camera, bot/webapp.py): the chat's buttons, then the page's words.
miniapp-button = 📷 Scan live with the camera
miniapp-menu-button = Scan
miniapp-offer = Or point the camera at the code and get the answer at once:
miniapp-page-title = Check a medicine
miniapp-page-hint = Point the camera at the square code on the pack
miniapp-page-starting = Starting the camera…
miniapp-page-checking = Checking…
miniapp-page-scan-another = Scan another
miniapp-page-take-photo = Take a photo instead
miniapp-page-no-camera = The camera did not start. Take a photo of the code instead.
miniapp-page-photo-no-code = No code found in this photo. Come closer to the code, with good light, and try again.
miniapp-page-in-chat = This card is also in the chat; these buttons go on there:
miniapp-page-not-a-code = This is not a medicine pack code. Point the camera at the square code.
miniapp-page-signed-out = Open this page from the bot in Telegram.
miniapp-page-expired = This page is out of date: close it and open it again from the bot.
miniapp-throttled = Too many checks at once. Please wait { $seconds } s.
miniapp-page-failed = Cannot check right now. Please try again in a minute.
