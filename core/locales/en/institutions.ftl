## Withdrawal documents of medical institutions: what the background sender tells the staff member.

withdrawal-files = Withdrawal document No. { $number }: JSON and CSV files for upload in the ASL BELGISI web cabinet.
withdrawal-status-changed = Withdrawal document No. { $number }: { $status }
withdrawal-status-draft = draft
withdrawal-status-queued = queued for sending
withdrawal-status-sent = sent, being processed
withdrawal-status-success = processed successfully
withdrawal-status-partial = processed with errors
withdrawal-status-error = refused with an error

## The staff menu, under /start for medical institution staff.
withdrawal-menu = 🏥 <b>Withdrawals from circulation</b>: record the packs your institution used or gave out.
withdrawal-menu-new = ➕ New withdrawal document
withdrawal-menu-drafts = 📝 Drafts
withdrawal-menu-operations = 📋 Operations
withdrawal-not-staff = This is for staff of a medical institution. Ask the bot's administrator to register you.

## /withdraw, step by step.
withdrawal-ask-reason =
    🏥 <b>New withdrawal document</b>
    Why are the packs taken out of circulation?
withdrawal-reason = { $reason ->
    [medical_use] Use for medical purposes
    [expiry] Expiry of shelf life
    [free_prescription] Dispensing by free prescription
    [destruction] Destruction / disposal
    [loss] Loss
   *[other] { $reason }
  }
withdrawal-kind = { $kind ->
    [prescription] prescription
   *[act] act
  }
withdrawal-primary-ask = Primary document ({ $kind }): type its number and date, e.g. <code>R-123 28.11.2026</code>.
withdrawal-primary-required = This reason needs it.
withdrawal-primary-optional = You may also go on without one.
withdrawal-button-no-primary = Without a primary document
withdrawal-primary-bad-primary = Please type the number, then the date as DD.MM.YYYY, e.g. <code>R-123 28.11.2026</code>.
withdrawal-primary-future-primary = The document's date is in the future. Please check it.
withdrawal-button-cancel = ✖ Cancel
withdrawal-cancelled = Cancelled. Nothing was saved.
withdrawal-document-head = 🏥 <b>Withdrawal document No. { $number }</b> — { $reason }
withdrawal-primary = 📄 { $kind } No. { $number } of { $date }
withdrawal-primary-none = 📄 No primary document
withdrawal-count = In the document: { $count ->
    [one] { $count } pack
   *[other] { $count } packs
  }.
withdrawal-scan-ask = Send the packs' codes: photos (one or many packs in each), albums, pictures as files, typed or pasted codes (one a line), or a .txt, .csv or .xlsx list from a scanner.
withdrawal-button-list = 📋 List, remove ({ $count })
withdrawal-button-save = 💾 Save draft
withdrawal-button-review = 📤 Review and send

## Answers to scanned codes.
withdrawal-line = { $product } · batch { $batch } · exp. { $expiry } · <code>{ $code }</code>
withdrawal-duplicate = Code already added to the document:
withdrawal-warning = { $warning ->
    [unknown] not in the register of codes
    [withdrawn] already withdrawn from circulation
    [recalled] its batch is recalled
    [expired] expired
   *[other] { $warning }
  }
withdrawal-more = …and { $count } more.
withdrawal-tally = Added: { $added }. Already in the document: { $duplicate }. Waiting for your confirmation: { $asked }.
withdrawal-confirm-ask = ⚠️ { $count ->
    [one] This pack is
   *[other] These { $count } packs are
  } not in circulation. Add anyway only if you have the pack in hand and are sure.
withdrawal-button-add-anyway = ⚠️ Add anyway ({ $count })
withdrawal-button-skip-pending = Do not add
withdrawal-nothing-pending = Nothing is waiting for a confirmation.
withdrawal-pending-skipped = Not added: { $count }.
withdrawal-not-a-code = This is not a pack code. Send a photo of the DataMatrix, or type the code printed under it.
withdrawal-lines-unreadable = Lines that are not pack codes: { $count }.
withdrawal-photo-no-code = I found no pack code in this photo. Hold the phone closer to the DataMatrix, with good light, and send it again.
withdrawal-file-kind = I read photos, pictures, and lists of codes as .txt, .csv or .xlsx files. Please send one of those.
withdrawal-list-too-big = This list is too big. Please split it into files under 10 MB.
withdrawal-list-not-a-list = I read lists of codes as .txt, .csv or .xlsx files.
withdrawal-list-unreadable = I could not read this file. Save it as UTF-8 text, CSV or XLSX and send it again.
withdrawal-list-no-codes = There is no pack code in this file.
withdrawal-list-bad-lines = Lines without a pack code: { $count } ({ $lines }).

## The list, to remove a code.
withdrawal-list-latest = The latest { $shown } of { $count } are shown.
withdrawal-list-how = Tap ✖ and the number to remove that pack.
withdrawal-list-empty = No packs yet. Send their codes.
withdrawal-removed = Removed.
withdrawal-remove-gone = That pack is no longer in the document.

## Saving and sending.
withdrawal-saved = 💾 Draft No. { $number } is saved. Resume it with /drafts.
withdrawal-summary-head = 📤 <b>Send this document?</b> Withdrawal date and time: { $when }
withdrawal-summary-ask = Once sent, the packs are marked withdrawn at once, and the document goes to the national system.
withdrawal-button-send = ✅ Send
withdrawal-button-continue = ⬅️ Continue scanning
withdrawal-queued = ✅ Document No. { $number } ({ $count } packs) is queued for the national system. I will tell you when its status changes; see /operations.
withdrawal-stale = This step is closed. Start again with /withdraw or /drafts.
withdrawal-unexpected = Send the packs' codes (photos, files or typed codes), or use the buttons.

## Errors of the document.
withdrawal-error-unknown-document = This document is no longer there.
withdrawal-error-not-draft = This document is sent already and cannot change.
withdrawal-error-bad-reason = This reason is not known.
withdrawal-error-not-a-pack = Only pack codes can be added.
withdrawal-error-too-many = A document holds at most { $max } codes. Send this one and start another.
withdrawal-error-empty = The document has no packs yet.

## /drafts and /operations.
withdrawal-drafts-none = No drafts. Start a document with /withdraw.
withdrawal-drafts-head = 📝 <b>Drafts</b>
withdrawal-draft-line = No. { $number } · { $reason } · { $count } packs · { $date }
withdrawal-button-resume = ▶️ Resume No. { $number }
withdrawal-button-delete = 🗑 Delete No. { $number }
withdrawal-draft-gone = This draft is no longer there.
withdrawal-deleted = Draft No. { $number } deleted.
withdrawal-operations-none = No documents sent yet.
withdrawal-operations-head = 📋 <b>Documents</b>
withdrawal-operation-line = No. { $number } · { $date } · { $reason } · { $count } packs · { $status }
withdrawal-operation-error = ⚠️ { $error }
withdrawal-button-errors = ⚠️ Errors of No. { $number }
withdrawal-errors-head = ⚠️ <b>Document No. { $number }</b>: codes refused by the national system: { $count }
withdrawal-error-line = <code>{ $code }</code> — { $error }

## Admins: organisations and their staff.
org-usage = Usage: <code>/org list</code>, or <code>/org add TIN PLACE_ID NAME</code> with optional <code>gateway=xtrace key=ENV_VAR region=NAME</code>.
org-list-head = 🏥 <b>Organisations</b>
org-list-none = No organisations yet. Add one with <code>/org add TIN PLACE_ID NAME</code>.
org-line = { $id }. { $name } · TIN { $tin } · place { $place } · { $gateway } · { $region }
org-added = Organisation { $id } added: { $name } ({ $gateway }). Grant its staff with <code>/grant USER_ID institution { $id }</code>.
org-grant-usage = Usage: <code>/grant USER_ID institution ORG_ID</code> (see <code>/org list</code>).
org-granted = User { $user } is now staff of organisation { $org } (was: { $before }).
org-error-bad-tin = The TIN is 9 digits (a company) or 14 (a person's PINFL).
org-error-bad-gateway = The gateway is xtrace or file.
org-error-bad-key-env = key= names the environment variable holding the API key (A-Z, 0-9, _); the xtrace gateway needs one.
org-error-duplicate-tin = An organisation with this TIN exists already.
org-error-unknown-org = There is no organisation with this number (see <code>/org list</code>).
org-error-fixed-admin = Admins are set in the bot's settings (ADMIN_IDS), not by command.
