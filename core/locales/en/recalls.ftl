## Recalls: the operator's /recall conversation, the notice citizens receive, subscriptions and /stop.

## /recall, step by step (operators).
recall-ask-product =
    🚫 <b>New recall</b>
    Which medicine? Send its GTIN (the 13 or 14 digits under the barcode), its name, or a photo of the pack.
recall-bad-gtin = These digits are not a valid GTIN (the check digit does not add up). Please check the number.
recall-product-not-found = I found no medicine called “{ $query }”. Send the GTIN, another name, or a photo of the pack.
recall-product-choose = Several medicines match. Which one?
recall-photo-no-code = I could not read a code in this photo. Send the GTIN or the name instead.
recall-product = 💊 <b>{ $name }</b>, GTIN { $gtin }
recall-product-unknown = 💊 GTIN { $gtin } — not in the catalogue, but its packs will be marked recalled all the same.
recall-batches-ask = Which batches are recalled? Tap the batches below, or type batch numbers separated by commas.
recall-batches-none-known = No batches of this medicine are on record. Type the batch numbers separated by commas, or choose all batches.
recall-batches-bad = That does not look like a batch number. Type batch numbers separated by commas.
recall-batches-empty = Choose at least one batch, or “All batches”.
recall-reason-ask = Why is it recalled?
recall-reason-quality-defect = Quality defect
recall-reason-falsified = Falsified medicine
recall-reason-contamination = Contamination
recall-reason-labelling = Labelling error
recall-reason-other = Another reason…
recall-reason-type = Type the reason in a few words (up to 300 characters).
recall-severity-ask = How serious is it?
recall-severity-button = { $severity ->
    [high] 🔴 High risk
    [medium] 🟠 Medium risk
   *[low] 🟡 Low risk
  }
recall-severity-label = { $severity ->
    [high] high risk
    [medium] medium risk
    [low] low risk
   *[other] { $severity }
  }
recall-notice-ask = Write the notice people will receive: what is wrong and what to do with the medicine. This one text goes to everyone; next you can add a version for each language.
recall-notice-too-long = The notice is too long ({ $length } characters). Please keep it under { $max }.
recall-notice-one = Notice saved. It goes to everyone as written. Add a version in a language, or go on to the preview.
recall-notice-more = Notice saved, with its own version in: { $languages }. The others get the first text. Add another language, or go on to the preview.
recall-notice-lang-ask = Write the notice in { $language }.
recall-preview-title = <b>Check the recall before it goes out</b>
recall-preview-batches = 📦 Batches: { $batches }
recall-preview-all-batches = 📦 All batches
recall-preview-reason = ❗ { $reason }, { $severity }
recall-preview-notice = <b>Notice:</b>
    { $notice }
recall-preview-languages = Own versions in: { $languages }
recall-preview-audience = 👥 It will reach <b>{ $total }</b> people: { $checked } who checked these batches, { $subscribed } subscribed to this medicine, { $everyone } other users.
recall-button-all-batches = All batches
recall-button-next = Continue with the chosen ({ $count }) ➡️
recall-button-preview = Preview ➡️
recall-button-confirm = ✅ Issue the recall
recall-button-everyone-off = 📢 Also tell all { $count } other users: no
recall-button-everyone-on = 📢 Also tell all { $count } other users: yes
recall-preview-time = ⏱ Sending to all of them takes about { $duration } (h:mm:ss).
recall-preview-urgent = ⚡ <b>Urgent</b>: by Telegram's paid broadcast, about { $duration } (h:mm:ss). It costs at most { $stars } ⭐ (0.1 ⭐ a notice; this bot allows { $max } ⭐ a recall).
recall-button-urgent-off = ⚡ Urgent, paid broadcast: no
recall-button-urgent-on = ⚡ Urgent, paid broadcast: yes
recall-urgent-off = Urgent sending is off: the administrator has not set PAID_BROADCAST_MAX_STARS (the most Telegram Stars a recall may spend on paid broadcast).
recall-urgent-over-cap = Urgent sending to { $total } people would cost up to { $stars } ⭐; this bot allows { $max } ⭐ a recall. Send it at the usual pace.
recall-paid-spent = ⚡ Paid broadcast: { $paid } notices, at most { $stars } ⭐
recall-button-cancel = Cancel
recall-cancelled = Recall cancelled. Nothing was changed.
recall-already-issued = This recall has already been issued.
recall-stale = This recall draft is closed. Start again with /recall.
recall-unexpected = Please answer the question above, or send /cancel to stop.
recall-issued = ✅ <b>Recall #{ $id } is in force</b>: from now on a check of these packs is red. Sending the notice to { $total } people…

## Progress and the final report (one message, edited).
recall-progress = 📣 <b>Recall #{ $id }</b>: sent { $sent } of { $total } · failed { $failed } · left { $left } · { $rate } per second
recall-report =
    ✅ <b>Recall #{ $id }: notices done</b>
    Delivered: { $sent } of { $total }
    Had blocked the bot: { $blocked }
    Failed: { $failed }
    Time: { $duration }

## The notice a citizen receives.
recall-notice-title = ⚠️ <b>Medicine recall: { $name }</b>
recall-notice-product = GTIN { $gtin }
recall-notice-batches = 📦 Batches: { $batches }
recall-notice-all-batches = 📦 All batches of this medicine
recall-notice-reason = ❗ { $reason } ({ $severity })
recall-notice-text = { $notice }
recall-why-checked = You get this because you checked a pack of this medicine with this bot. Do not use packs of these batches; take them back to the pharmacy.
recall-why-subscribed = You get this because you asked to hear about recalls of this medicine.
recall-why-everyone = This notice goes to everyone who uses this bot.
recall-notice-footer = /stop — no more recall notices.

## /subscribe and /stop (citizens).
subscribe-empty =
    You follow no medicines yet. Under a check's answer, tap “Notify me about recalls of this medicine”, or send /subscribe with the number under the barcode.
    You are told anyway when a batch you checked is recalled.
subscribe-list = <b>Recall notices</b>: you will be told when these are recalled (and when a batch you checked is). Tap one to stop following it.
subscribe-line = • { $name } (GTIN { $gtin })
subscribe-button-off = 🔕 { $name }
subscribe-bad-code = After /subscribe, send the number under the barcode (GTIN) or the code of the pack.
subscribe-resumed = 🔔 Recall notices are on again.
subscribe-added = 🔔 Done: I will tell you if { $name } is recalled.
subscribe-already = You already follow { $name }.
subscribe-check-gone = This check is no longer in your history.
subscribe-removed = 🔕 Done, no more notices about it.
stop-done = 🔕 You will get no recall notices any more. /subscribe turns them back on.
