## Qoʻllab-quvvatlash xizmati: yordam chatidagi shikoyat kartalari, xodimlar buyruqlari.

role-citizen = fuqaro
role-operator = operator
role-support = qoʻllab-quvvatlash
role-admin = administrator
role-institution = tibbiyot muassasasi xodimi

## Shikoyat oʻz forum mavzusida.
desk-topic-name = № { $id } · { $kind } · { $product }
desk-photo-receipt = Chek · № { $id } shikoyat
desk-photo-pack = Qadoq · № { $id } shikoyat
desk-card-title = <b>№ { $id } shikoyat</b> · { $kind }
desk-card-status = Holati: <b>{ $status }</b>
desk-card-assignee = Masʼul: foydalanuvchi { $staff }
desk-card-created = Qabul qilingan: { $when }
desk-card-product = Dori: { $product }
desk-card-gtin = GTIN: <code>{ $gtin }</code>
desk-card-registration = Roʻyxatdan oʻtish: { $number }
desk-card-pack = Seriya: { $batch } · seriya raqami: <code>{ $serial }</code>
desk-card-paid = Toʻlangan: <b>{ $paid } { $currency }</b>
desk-card-over = Eng yuqori narx: { $cap } { $currency } — oshiq <b>{ $excess } { $currency } ({ $percent }%)</b>
desk-card-within = Eng yuqori narx: { $cap } { $currency } — <b>doirasida</b>
desk-card-no-cap = Eng yuqori narx: reestr maʼlumotlarida yoʻq
desk-card-pharmacy = Dorixona: { $pharmacy }
desk-card-location = Joylashuv: https://maps.google.com/?q={ $lat },{ $lon }
desk-card-phone = Telefon: { $phone }
desk-card-no-phone = Telefon: berilmagan
desk-card-language = Fuqaro tili: { $language }
desk-card-how = Javob berish uchun shu mavzuda yozing: bu yerdagi har bir xodim xabari fuqaroga yuboriladi (xodimlar uchun eslatma // bilan boshlanadi).

desk-button-take = 🙋 Olish
desk-button-answer = 💬 Javob berish
desk-button-close = ✅ Yopish
desk-button-reject = ⛔ Rad etish

desk-done-take = № { $id } shikoyat endi sizda.
desk-done-answer = Javobni shu mavzuda yozing.
desk-done-close = № { $id } shikoyat yopildi.
desk-done-reject = № { $id } shikoyat rad etildi.
desk-taken = { $staff } bu shikoyatni oldi.
desk-answer-how = Fuqaroga javobni shu mavzuda xabar sifatida yozing — u bir zumda yetkaziladi. // bilan boshlangan xabar xodimlar orasida qoladi.
desk-delivered = ✓ Fuqaroga yetkazildi.
desk-undeliverable = ✗ Yetkazilmadi: fuqaro botni bloklagan yoki akkauntini oʻchirgan.
desk-not-delivered = ✗ Fuqaroga yetkazilmadi: { $reason }
desk-only-text = Fuqaroga faqat matnli javoblar yetkaziladi; javobni matn bilan yozing.
desk-refused = Buni faqat qoʻllab-quvvatlash xodimlari qila oladi. Hech narsa oʻzgartirilmadi.
desk-error-not_found = Bu shikoyat endi mavjud emas.
desk-error-final = Shikoyat allaqachon yopilgan yoki rad etilgan; hech narsa oʻzgartirilmadi va yuborilmadi.
desk-error-empty = Boʻsh javob yuborilmadi.
desk-error-too_long = Javob koʻpi bilan { $limit } belgidan iborat boʻlishi mumkin; uni qisqartiring yoki bir nechta xabar qilib yozing. Hech narsa yuborilmadi.
desk-error-incomplete = Shikoyat toʻliq toʻldirilmagan.

## Rollar.
staff-grant-usage = Format: <code>/grant USER_ID ROL</code>, bu yerda ROL quyidagilardan biri: { $roles }.
staff-revoke-usage = Format: <code>/revoke USER_ID</code>
staff-granted = { $user } foydalanuvchi endi <b>{ $role }</b> (avval: { $before }).
staff-revoked = { $user } foydalanuvchi yana fuqaro (avval: { $before }).
staff-role-error-unknown-role = Bu rolni berib boʻlmaydi. Rollar: { $roles }.
staff-role-error-fixed-admin = Administratorlar buyruq bilan emas, bot sozlamalarida (ADMIN_IDS) belgilanadi.
staff-role-error-unknown-user = Bunday foydalanuvchi yoʻq.

## Regulyator uchun eksport.
staff-export-usage =
    Format: <code>/export since=2026-01-01 until=2026-12-31 status=closed kind=overprice product=Paracetamol</code>
    Barcha filtrlar ixtiyoriy; status va kind uchun bir nechta qiymatni vergul bilan yozish mumkin.
staff-export-bad = { $field } = “{ $value }” filtrini oʻqiy olmadim.
staff-export-done = Shikoyatlar: { $count }
