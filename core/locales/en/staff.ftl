## The support desk: complaint cards in the support chat, staff commands.

role-citizen = citizen
role-operator = operator
role-support = support
role-admin = admin
role-institution = medical institution staff

## A complaint in its forum topic.
desk-topic-name = No. { $id } · { $kind } · { $product }
desk-photo-receipt = Receipt · complaint No. { $id }
desk-photo-pack = Pack · complaint No. { $id }
desk-card-title = <b>Complaint No. { $id }</b> · { $kind }
desk-card-status = Status: <b>{ $status }</b>
desk-card-assignee = Handled by: user { $staff }
desk-card-created = Received: { $when }
desk-card-product = Medicine: { $product }
desk-card-gtin = GTIN: <code>{ $gtin }</code>
desk-card-registration = Registration: { $number }
desk-card-pack = Batch: { $batch } · serial: <code>{ $serial }</code>
desk-card-paid = Paid: <b>{ $paid } { $currency }</b>
desk-card-over = Maximum price: { $cap } { $currency } — over by <b>{ $excess } { $currency } ({ $percent }%)</b>
desk-card-within = Maximum price: { $cap } { $currency } — <b>within the cap</b>
desk-card-no-cap = Maximum price: not in the register data
desk-card-pharmacy = Pharmacy: { $pharmacy }
desk-card-location = Location: https://maps.google.com/?q={ $lat },{ $lon }
desk-card-phone = Phone: { $phone }
desk-card-no-phone = Phone: not shared
desk-card-language = Citizen's language: { $language }
desk-card-how = To answer, write in this topic: every staff message here goes to the citizen (start with // for a note among staff).

desk-button-take = 🙋 Take
desk-button-answer = 💬 Answer
desk-button-close = ✅ Close
desk-button-reject = ⛔ Reject

desk-done-take = Complaint No. { $id } is yours.
desk-done-answer = Write the answer in this topic.
desk-done-close = Complaint No. { $id } closed.
desk-done-reject = Complaint No. { $id } rejected.
desk-taken = { $staff } took this complaint.
desk-answer-how = Write the answer to the citizen as a message in this topic; it will be delivered in a moment. A message starting with // stays among staff.
desk-delivered = ✓ Delivered to the citizen.
desk-undeliverable = ✗ Not delivered: the citizen has blocked the bot or deleted their account.
desk-not-delivered = ✗ Not delivered to the citizen: { $reason }
desk-only-text = Only text answers are delivered to the citizen; please write the answer as text.
desk-refused = Only support staff can do this. Nothing was changed.
desk-error-not_found = This complaint no longer exists.
desk-error-final = This complaint is already closed or rejected; nothing was changed or sent.
desk-error-empty = An empty answer was not sent.
desk-error-too_long = An answer can be at most { $limit } characters; please shorten it or write it as several messages. Nothing was sent.
desk-error-incomplete = This complaint is incomplete.

## Roles.
staff-grant-usage = Usage: <code>/grant USER_ID ROLE</code>, where ROLE is one of: { $roles }.
staff-revoke-usage = Usage: <code>/revoke USER_ID</code>
staff-granted = User { $user } is now <b>{ $role }</b> (was { $before }).
staff-revoked = User { $user } is a citizen again (was { $before }).
staff-role-error-unknown-role = This role cannot be granted. Roles: { $roles }.
staff-role-error-fixed-admin = Admins are set in the bot's settings (ADMIN_IDS), not by command.
staff-role-error-unknown-user = There is no such user.

## Export for the regulator.
staff-export-usage =
    Usage: <code>/export since=2026-01-01 until=2026-12-31 status=closed kind=overprice product=Paracetamol</code>
    Every filter is optional; status and kind take several values separated by commas.
staff-export-bad = I cannot read the filter { $field } = “{ $value }”.
staff-export-done = Complaints: { $count }
