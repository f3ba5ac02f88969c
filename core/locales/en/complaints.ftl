## The complaint conversation: a price above the cap, or a problem with a pack.

currency-UZS = soʻm
currency-KGS = som
complaint-money = { $amount } { $currency }

complaint-kind-overprice = Price above the maximum
complaint-kind-counterfeit = Suspected counterfeit
complaint-kind-withdrawn = Withdrawn code on sale
complaint-kind-damaged = Damaged pack
complaint-kind-other = Other problem

complaint-status-new = received
complaint-status-in_progress = being reviewed
complaint-status-answered = answered
complaint-status-closed = closed
complaint-status-rejected = rejected

complaint-product-unknown = medicine not identified

## Buttons.
complaint-button-back = ⬅️ Back
complaint-button-cancel = ✖️ Cancel
complaint-button-skip = Skip ➡️
complaint-button-location = 📍 Share the pharmacy's location
complaint-button-contact = 📞 Share my phone number
complaint-button-send = ✅ Send the complaint

## The questions, one at a time.
complaint-ask-product =
    <b>Complaint about a price</b>
    Which medicine? Type its name (for example <i>Paracetamol</i>) or send a photo of the pack with its code.
complaint-ask-price =
    <b>{ $product }</b>
    How much did you pay for one pack? Type the amount, for example <i>45 000</i>.
complaint-ask-price-cap =
    <b>{ $product }</b>
    The maximum retail price is <b>{ $cap } { $currency }</b>.
    How much did you pay for one pack? Type the amount, for example <i>45 000</i>.
complaint-ask-pharmacy = Which pharmacy? Type its name and address, or share its location with the button below.
complaint-ask-receipt = Send a photo of the receipt (a photo or an image file). It is required: it shows what was sold and for how much.
complaint-ask-pack = If you can, send a photo of the pack too. Or press “Skip”.
complaint-ask-phone = May the support team call you? Share your phone number with the button below, or press “Skip”.
complaint-review = Almost done. Please check your complaint:

report-ask-kind =
    <b>{ $product }</b>
    What is wrong with this pack?
report-kind-bad = Please choose one of the buttons.

## Finding the medicine by name.
complaint-product-pick = Which one is it?
complaint-product-not-found = I found no medicine named “{ $query }”. Check the spelling, try another name, or send a photo of the pack.
complaint-product-bad = Type the medicine's name (at least two letters) or send a photo of the pack.
complaint-product-no-code = I could not read a code on this photo. Type the medicine's name instead, or try another photo of the code.

## Answers that are not accepted.
complaint-price-not-a-number = Please type the price as a number, for example <i>45 000</i> or <i>45000.50</i>.
complaint-price-zero = The price cannot be zero. How much did you pay?
complaint-price-negative = The price cannot be negative. How much did you pay?
complaint-price-too-precise = A price has at most two digits after the point (the smallest coin is 0.01). Please type it again, for example <i>45 000</i> or <i>45000.50</i>.
complaint-price-too-large = That amount is too large for one pack. Please check it and type it again.
complaint-pharmacy-bad = Type the pharmacy's name and address (3 to 300 characters), or share its location with the button.
complaint-receipt-bad = I need a photo of the receipt: send it as a photo or as an image file.
complaint-pack-bad = Send a photo of the pack, or press “Skip”.
complaint-not-an-image = This file is not an image I can read. Send a photo (JPEG, PNG, HEIC).
complaint-image-too-large = This image is too large. Send it as a photo instead of a file.
complaint-phone-bad = Use the “Share my phone number” button, or press “Skip”.
complaint-phone-not-yours = Please share your own number with the button below.
complaint-confirm-bad = Press “Send the complaint” to send it, or “Back” to change something.
complaint-photo-again = I could not read one of the photos. Please send it again.
complaint-busy = ⏳ I am busy with many photos right now. Please send this one again in a moment — the rest of your complaint is kept.
complaint-send-busy = ⏳ I am busy with many photos right now. Nothing is lost: press “Send the complaint” again in a moment.
complaint-check-missing = I cannot find that check any more. Send the photo of the pack again.
complaint-expired = This button is no longer active.
complaint-cancelled = Complaint cancelled. Nothing was sent.
complaint-nothing-to-cancel = There is nothing to cancel.

## An unfinished complaint: it expires, and a pack code or a second complaint does not take its place unasked.
complaint-draft-expired = Your unfinished complaint about <b>{ $product }</b> was discarded after { $minutes } minutes without an answer. Nothing was sent.
complaint-discarded = The unfinished complaint about <b>{ $product }</b> was discarded. Nothing was sent.
complaint-open-other = You have an unfinished complaint about <b>{ $product }</b>. Go on with it, or discard it and start the new one?
complaint-button-continue = ▶️ Go on with it
complaint-button-start-new = 🆕 Discard it, start the new one
complaint-code-or-complaint = This is a pack code, and you have an unfinished complaint about <b>{ $product }</b>. Check this pack (the unfinished complaint is then discarded), or go on with the complaint?
complaint-code-or-receipt = This photo shows a pack code. Is it the receipt for your complaint about <b>{ $product }</b>, or a pack to check (the unfinished complaint is then discarded)?
complaint-button-check-pack = 🔍 Check this pack
complaint-button-go-on = ✏️ Go on with the complaint
complaint-button-is-receipt = 🧾 It is the receipt

## The summary before sending.
complaint-summary-title = <b>{ $kind }</b>
complaint-summary-product = 💊 { $product }
complaint-summary-batch = Batch: { $batch }
complaint-summary-price = 💰 Paid: { $paid } { $currency }
complaint-summary-pharmacy = 🏥 { $pharmacy }
complaint-summary-location = 📍 Location: { $lat }, { $lon }
complaint-summary-photos =
    { $count ->
        [1] 📎 Photo of the receipt
       *[other] 📎 Photos of the receipt and the pack
    }
complaint-summary-phone = 📞 { $phone }
complaint-summary-no-phone = 📞 No phone number (the answer will come here)

## How the price compares with the maximum.
complaint-excess-over = That is <b>{ $excess } { $currency } ({ $percent }%) above</b> the maximum price of { $cap } { $currency }.
complaint-excess-within = This price is within the maximum price of { $cap } { $currency }.
complaint-excess-unknown = The maximum price of this medicine is not in our data; the support team will check it.

## After sending.
complaint-accepted = ✅ <b>Complaint No. { $id } received.</b>
complaint-accepted-within = We still registered it, marked as a price within the maximum.
complaint-accepted-next = The support team will review it; their answer will come here. /complaints shows all your complaints.

## /complaints
complaints-title = <b>Your complaints</b>
complaints-none = You have not sent any complaints. To complain about a price, send /complaint.
complaints-item = <b>No. { $id }</b> · { $date } · { $kind }
    { $product } — <i>{ $status }</i>
complaints-item-answer = 💬 { $answer }

## What the support team did, told to the citizen.
complaint-notice-answer =
    💬 <b>Answer to your complaint No. { $id }</b>

    { $text }
complaint-notice-new = Your complaint No. { $id } has been received.
complaint-notice-in-progress = 🔎 Your complaint No. { $id } is being reviewed by the support team.
complaint-notice-answered = 💬 Your complaint No. { $id } has been answered.
complaint-notice-closed = ✅ Your complaint No. { $id } has been closed. Thank you for reporting it.
complaint-notice-rejected = Your complaint No. { $id } was rejected by the support team. If you think this is a mistake, send a new complaint with more details.
