## The verification conversation: the answer card, the no-code help, history.

## Verdict: one plain sentence for the deciding reason.
verdict-in_circulation = Verified: this pack's code is on record and in circulation.
verdict-recalled = Do not use: this batch has been recalled.
verdict-withdrawn = Warning: this pack's code was already taken out of circulation — such a pack should not be on a shelf.
verdict-withdrawn-institution = Do not buy: this pack was used or given out by a medical institution on { $date } — it should not be on sale.
verdict-not_registered = Warning: this medicine is not in the register — it may be smuggled or counterfeit.
verdict-expired = Do not use: this pack has expired.
verdict-cannot_check = Cannot check right now: { $state ->
    [missing] { $what } is not loaded in the bot
   *[stale] { $what } in the bot dates from { $date }, too old to rely on
  }. This does not mean the pack is fake — please check again later.
verdict-unknown_code = Caution: the medicine is registered, but this pack's code is not on record as in circulation.
verdict-product_only = This barcode names the medicine, not the pack, so it cannot tell whether this pack is genuine. For that, photograph the square DataMatrix code.
verdict-registration_expired = Caution: the registration of this medicine has expired (packs made before that may still be sold).
verdict-registration_expiring = Caution: the registration of this medicine ends within 30 days.
verdict-no_certificate = There is no quality certificate on record for this batch.
verdict-no_code = I could not find a pack code.

## Further reasons, shown under the verdict.
also-recalled = the batch is recalled
also-withdrawn = the code was taken out of circulation
also-withdrawn-institution = a medical institution used or gave out this pack on { $date }
also-not_registered = the medicine is not in the register
also-expired = the pack has expired
also-cannot_check = { $what } cannot be checked right now ({ $state ->
    [missing] not loaded
   *[stale] data from { $date }
  })
also-unknown_code = the code is not on record as in circulation
also-product_only = only the product is known, not the pack
also-registration_expired = the registration has expired
also-registration_expiring = the registration ends within 30 days
card-also = Also: { $reasons }.

## Dosage forms, as the register writes them (handlers/register_words.py maps its spellings).
form-tablets = tablets
form-film-coated-tablets = film-coated tablets
form-prolonged-release-tablets = prolonged-release tablets
form-capsules = capsules
form-solution-for-injection = solution for injection
form-powder-for-injection = powder for injection
form-inhalation-aerosol = inhalation aerosol
form-syrup = syrup
form-ointment = ointment
form-drops = drops
form-suspension = suspension
form-suppositories = suppositories

## The answer card.
card-headline = { $mark } <b>{ $sentence }</b>
card-product = 💊 <b>{ $name }</b>
card-product-unknown = 💊 The product with GTIN { $gtin } is not in the register of medicines.
card-product-gtin = 💊 GTIN { $gtin }
part-product = the register of medicines
part-registration = the registration data
part-code_status = the register of pack codes
part-certificate = the list of quality certificates
part-price = the price register
card-inn = Active substance: { $inn }
card-form = Form: { $form }
card-form-pack = Form: { $form }, pack of { $size }
card-manufacturer = Manufacturer: { $name }
card-manufacturer-country = Manufacturer: { $name }, { $country }
card-registration = 📄 Registration { $number }: { $status ->
    [valid] valid
    [suspended] suspended
    [expired] expired
    [annulled] annulled
   *[other] { $status }
  }, until { $until }
card-registration-no-date = 📄 Registration { $number }: { $status ->
    [valid] valid
    [suspended] suspended
    [expired] expired
    [annulled] annulled
   *[other] { $status }
  }
card-registration-none = 📄 No registration on record.
card-registration-unchecked = 📄 Registration: cannot check right now — { $state ->
    [missing] the registration data is not loaded
   *[stale] the registration data is from { $date }
  }.
card-batch-certificate = 📦 Batch { $batch }: quality certificate { $number } of { $date }, issued by { $issuer }
card-batch-no-certificate = 📦 Batch { $batch }: no quality certificate on record.
card-batch-unchecked = 📦 Batch { $batch }: the quality certificate cannot be checked right now — { $state ->
    [missing] the list of certificates is not loaded
   *[stale] the list of certificates is from { $date }
  }.
card-batch-unknown = 📦 Batch: not stated in the code and not on record.
card-code-in_circulation = 🔖 Pack code: in circulation.
card-code-applied = 🔖 Pack code: printed, but never put into circulation.
card-code-withdrawn = 🔖 Pack code: taken out of circulation on { $date } — { $reason ->
    [sale] sold to a buyer
    [medical_use] used in a hospital
    [expiry] expired
    [free_prescription] given out on a free prescription
    [destruction] destroyed
    [loss] reported lost
    [export] exported
   *[other] { $reason }
  }.
card-code-unknown = 🔖 Pack code: not found in the register of codes.
card-code-unchecked = 🔖 Pack code: cannot check right now — { $state ->
    [missing] the register of pack codes is not loaded
   *[stale] the register of pack codes is from { $date }
  }.
card-expiry = ⏳ Expiry: { $date }
card-expiry-passed = ⏳ Expired on { $date }
card-price = 💰 Maximum retail price: { $price } { $currency ->
    [UZS] { currency-UZS }
    [KGS] { currency-KGS }
    [RUB] roubles
   *[other] { $currency }
  } (set on { $date })
card-price-no-date = 💰 Maximum retail price: { $price } { $currency ->
    [UZS] { currency-UZS }
    [KGS] { currency-KGS }
    [RUB] roubles
   *[other] { $currency }
  }
card-price-none = 💰 No maximum retail price on record.
card-price-unchecked = 💰 Maximum retail price: cannot check right now — { $state ->
    [missing] the price register is not loaded
   *[stale] the price register is from { $date }
  }.
card-recall = ⚠️ <b>Recall of { $date }</b> ({ $severity ->
    [high] high risk
    [medium] medium risk
    [low] low risk
   *[other] { $severity }
  }): { $reason }
card-recall-notice = <i>{ $notice }</i>
card-data-date = <i>Register data as of { $date }.</i>
card-data-date-unknown = <i>The date of the register data is not known.</i>

## Buttons under the card.
button-complain = The price was higher
button-report = Report a problem with this pack
button-subscribe = Notify me about recalls of this medicine

## When no code is found in a photo.
nocode-title = 🔍 I could not find a pack code in this photo.
nocode-hint-too_small = The code looks too small in the picture — move the phone closer.
nocode-hint-blurred = The photo is blurred — hold the phone still and let it focus on the code.
nocode-hint-dark = The photo is too dark — take it in good light, without glare.
nocode-hint-bright = The photo is too bright or has glare — turn the pack a little away from the light.
nocode-hint-linear_only = I only see an ordinary barcode (stripes). It names the medicine but not the pack; look for the small square code on the pack.
nocode-hint-foreign = I did read a code in this photo, but it is not a medicine pack code (perhaps a website link or a shop label).
nocode-how =
    How to retake it:
    • fill the frame with the square code, 10–15 cm from the phone;
    • good light, no glare, the code flat and in focus;
    • or send the photo as a <i>file</i> (📎 → File) — it keeps full quality.
nocode-type = You can also type the code printed next to it, for example <code>01 04780000000014 21 5bX2kLm9QeRt8</code>, or the 13 digits under the barcode.
album-nocode = { $count ->
    [one] In one photo of the album I could not find a code.
   *[other] In { $count } photos of the album I could not find a code.
  }

## A text that is not a code.
notcode-not_a_code =
    This does not look like a pack code.
    Send a photo of the square code on the pack, or type what is printed next to it, for example:
    <code>01 04780000000014 21 5bX2kLm9QeRt8</code>
    or the 13 digits under the barcode: <code>4780000000014</code>
notcode-empty = Send a photo of the square code on the pack, or type the code.
notcode-bad_check_digit = The digits of this barcode do not add up (the check digit is wrong). Please check the number for a typo.
notcode-ambiguous_separators = I cannot tell where the serial number ends in this code. Please send a photo of the code instead.
notcode-bad_expiry = The expiry date in this code is not a real date. Please check it for a typo.
notcode-too_long = This text is too long to be a pack code.

## Files, pictures and failures.
check-file-too-big = This file is larger than 20 MB — Telegram does not let me download it. Please send it as a photo, or a smaller picture.
check-not-an-image = I can only read pictures. Please send a photo of the code on the pack (or the picture as a file).
check-image-not_an_image = I could not open this picture. Please send a photo in JPEG, PNG or HEIC.
check-image-too_large = This picture is too large for me to read. Please send a smaller photo of the code.
check-image-too_many_pixels = This picture has too many pixels for me to read. Please send an ordinary photo of the code.
check-image-truncated = This picture arrived incomplete. Please send it again.
check-busy = ⏳ I am busy reading many photos right now. Please send yours again in a moment.
check-timeout = Reading this photo took too long. Please send a closer photo of the code, or type the code.
check-unsupported = I can read photos of medicine packs and typed codes. Please send a photo of the square code on the pack.
check-unknown-command = I do not know this command. /help shows what I can do.

## /history
history-title = <b>Your last checks</b>
    Tap one to check it again with the latest register data.
history-empty = You have not checked any pack yet. Send a photo of the square code on a pack to start.
history-line = { $n }. { $mark } { $when } — { $what }
history-pack = GTIN { $gtin }, serial { $serial }
history-product = GTIN { $gtin }
history-button = { $n }. { $mark } { $what }
history-not-found = This check is no longer in your history.
