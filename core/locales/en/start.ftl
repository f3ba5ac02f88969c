start-welcome =
    <b>Hello! I check medicine packs.</b>

    Send me a photo of the square DataMatrix code on the pack and I will tell you whether the medicine is registered, whether this very pack is genuine and still on sale, and what its maximum price is.

    📷 How to photograph: hold the phone 10–15 cm from the code, fill the frame with it, good light, no glare. If the photo does not work, send it as a <i>file</i> (original quality) or type the code printed under it.

    🔒 Privacy: we keep only the codes you check, to warn you about recalls. /language changes the language, /help shows everything I can do.
help-text =
    <b>What I can do</b>
    • Send a photo of a pack (or several) — I read every code on it.
    • Type or paste a code, a GTIN/EAN-13 barcode number or a GS1 link.
    /history — your last checks
    /leaflet NAME — a medicine's instructions
    /reminders — reminders before your packs expire
    /complaint — the pharmacy charged more than the maximum price
    /complaints — your complaints and their answers
    /subscribe — recall notices for medicines you checked
    /stop — no more notices
    /language — change the language
language-choose = Choose your language:
language-set = Done: I will speak English.
