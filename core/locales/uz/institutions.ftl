## Withdrawal documents of medical institutions: what the background sender tells the staff member.

withdrawal-files = Muomaladan chiqarish hujjati № { $number }: ASL BELGISI veb-kabinetiga yuklash uchun JSON va CSV fayllar.
withdrawal-status-changed = Muomaladan chiqarish hujjati № { $number }: { $status }
withdrawal-status-draft = qoralama
withdrawal-status-queued = yuborish navbatida
withdrawal-status-sent = yuborildi, qayta ishlanmoqda
withdrawal-status-success = muvaffaqiyatli qayta ishlandi
withdrawal-status-partial = xatolar bilan qayta ishlandi
withdrawal-status-error = xato bilan rad etildi

## Xodim menyusi: tibbiyot muassasalari xodimlari uchun /start ostida.
withdrawal-menu = 🏥 <b>Muomaladan chiqarish</b>: muassasangiz ishlatgan yoki bergan qadoqlarni qayd eting.
withdrawal-menu-new = ➕ Yangi muomaladan chiqarish hujjati
withdrawal-menu-drafts = 📝 Qoralamalar
withdrawal-menu-operations = 📋 Operatsiyalar
withdrawal-not-staff = Bu tibbiyot muassasasi xodimlari uchun. Sizni roʻyxatdan oʻtkazishni bot administratoridan soʻrang.

## /withdraw, qadamma-qadam.
withdrawal-ask-reason =
    🏥 <b>Yangi muomaladan chiqarish hujjati</b>
    Qadoqlar qanday sababga koʻra muomaladan chiqarilmoqda?
withdrawal-reason = { $reason ->
    [medical_use] Tibbiy maqsadlarda foydalanish
    [expiry] Yaroqlilik muddatining tugashi
    [free_prescription] Imtiyozli retsept boʻyicha berish
    [destruction] Yoʻq qilish / utilizatsiya
    [loss] Yoʻqotish
   *[other] { $reason }
  }
withdrawal-kind = { $kind ->
    [prescription] retsept
   *[act] dalolatnoma
  }
withdrawal-primary-ask = Birlamchi hujjat ({ $kind }): uning raqami va sanasini yozing, masalan <code>R-123 28.11.2026</code>.
withdrawal-primary-required = Bu sabab uchun u majburiy.
withdrawal-primary-optional = Usiz ham davom etishingiz mumkin.
withdrawal-button-no-primary = Birlamchi hujjatsiz
withdrawal-primary-bad-primary = Avval raqamni, keyin sanani KK.OO.YYYY koʻrinishida yozing, masalan <code>R-123 28.11.2026</code>.
withdrawal-primary-future-primary = Hujjat sanasi kelajakda. Iltimos, uni tekshiring.
withdrawal-button-cancel = ✖ Bekor qilish
withdrawal-cancelled = Bekor qilindi. Hech narsa saqlanmadi.
withdrawal-document-head = 🏥 <b>Muomaladan chiqarish hujjati № { $number }</b> — { $reason }
withdrawal-primary = 📄 { $kind } № { $number }, { $date } sanali
withdrawal-primary-none = 📄 Birlamchi hujjat yoʻq
withdrawal-count = Hujjatda: { $count ->
    [one] { $count } ta qadoq
   *[other] { $count } ta qadoq
  }.
withdrawal-scan-ask = Qadoqlarning kodlarini yuboring: suratlar (har birida bitta yoki bir nechta qadoq), albomlar, fayl sifatida yuborilgan rasmlar, yozilgan yoki qoʻyilgan kodlar (har qatorda bittadan) yoki skanerdan olingan .txt, .csv yoki .xlsx roʻyxat.
withdrawal-button-list = 📋 Roʻyxat, oʻchirish ({ $count })
withdrawal-button-save = 💾 Qoralamani saqlash
withdrawal-button-review = 📤 Koʻrib chiqish va yuborish

## Skanerlangan kodlarga javoblar.
withdrawal-line = { $product } · seriya { $batch } · { $expiry } gacha yaroqli · <code>{ $code }</code>
withdrawal-duplicate = Kod hujjatga allaqachon qoʻshilgan:
withdrawal-warning = { $warning ->
    [unknown] kodlar reyestrida yoʻq
    [withdrawn] allaqachon muomaladan chiqarilgan
    [recalled] seriyasi qaytarib olingan
    [expired] yaroqlilik muddati tugagan
   *[other] { $warning }
  }
withdrawal-more = …va yana { $count } ta.
withdrawal-tally = Qoʻshildi: { $added }. Hujjatda allaqachon bor: { $duplicate }. Tasdiqlashingizni kutmoqda: { $asked }.
withdrawal-confirm-ask = ⚠️ { $count ->
    [one] Bu qadoq
   *[other] Bu { $count } ta qadoq
  } muomalada emas. Qadoq qoʻlingizda boʻlsa va ishonchingiz komil boʻlsagina baribir qoʻshing.
withdrawal-button-add-anyway = ⚠️ Baribir qoʻshish ({ $count })
withdrawal-button-skip-pending = Qoʻshmaslik
withdrawal-nothing-pending = Tasdiqlashni kutayotgan hech narsa yoʻq.
withdrawal-pending-skipped = Qoʻshilmadi: { $count }.
withdrawal-not-a-code = Bu qadoq kodi emas. DataMatrix suratini yuboring yoki uning ostida bosilgan kodni yozing.
withdrawal-lines-unreadable = Qadoq kodi boʻlmagan qatorlar: { $count }.
withdrawal-photo-no-code = Bu suratda qadoq kodini topa olmadim. Telefonni DataMatrix kodiga yaqinroq tuting, yorugʻ joyda suratga oling va qayta yuboring.
withdrawal-file-kind = Men suratlar, rasmlar va .txt, .csv yoki .xlsx fayllaridagi kodlar roʻyxatini oʻqiyman. Iltimos, shulardan birini yuboring.
withdrawal-list-too-big = Bu roʻyxat juda katta. Iltimos, uni 10 MB dan kichik fayllarga boʻling.
withdrawal-list-not-a-list = Kodlar roʻyxatini .txt, .csv yoki .xlsx fayllaridan oʻqiyman.
withdrawal-list-unreadable = Bu faylni oʻqiy olmadim. Uni UTF-8 matn, CSV yoki XLSX sifatida saqlab, qayta yuboring.
withdrawal-list-no-codes = Bu faylda qadoq kodi yoʻq.
withdrawal-list-bad-lines = Qadoq kodi boʻlmagan qatorlar: { $count } ({ $lines }).

## Kodni oʻchirish uchun roʻyxat.
withdrawal-list-latest = { $count } tadan oxirgi { $shown } tasi koʻrsatilgan.
withdrawal-list-how = Qadoqni oʻchirish uchun ✖ va uning raqamini bosing.
withdrawal-list-empty = Hozircha qadoqlar yoʻq. Ularning kodlarini yuboring.
withdrawal-removed = Oʻchirildi.
withdrawal-remove-gone = Bu qadoq endi hujjatda yoʻq.

## Saqlash va yuborish.
withdrawal-saved = 💾 Qoralama № { $number } saqlandi. Uni /drafts orqali davom ettirishingiz mumkin.
withdrawal-summary-head = 📤 <b>Bu hujjat yuborilsinmi?</b> Muomaladan chiqarish sanasi va vaqti: { $when }
withdrawal-summary-ask = Yuborilgach, qadoqlar darhol muomaladan chiqarilgan deb belgilanadi va hujjat milliy tizimga joʻnatiladi.
withdrawal-button-send = ✅ Yuborish
withdrawal-button-continue = ⬅️ Skanerlashni davom ettirish
withdrawal-queued = ✅ Hujjat № { $number } ({ $count } ta qadoq) milliy tizimga yuborish navbatiga qoʻyildi. Holati oʻzgarganda xabar beraman; /operations ga qarang.
withdrawal-stale = Bu qadam yopilgan. /withdraw yoki /drafts bilan qaytadan boshlang.
withdrawal-unexpected = Qadoqlarning kodlarini yuboring (suratlar, fayllar yoki yozilgan kodlar) yoki tugmalardan foydalaning.

## Hujjat xatolari.
withdrawal-error-unknown-document = Bu hujjat endi mavjud emas.
withdrawal-error-not-draft = Bu hujjat allaqachon yuborilgan va uni oʻzgartirib boʻlmaydi.
withdrawal-error-bad-reason = Bu sabab nomaʼlum.
withdrawal-error-not-a-pack = Faqat qadoq kodlarini qoʻshish mumkin.
withdrawal-error-too-many = Bitta hujjatda koʻpi bilan { $max } ta kod boʻladi. Bu hujjatni yuboring va yangisini boshlang.
withdrawal-error-empty = Hujjatda hali qadoqlar yoʻq.

## /drafts va /operations.
withdrawal-drafts-none = Qoralamalar yoʻq. /withdraw bilan hujjat boshlang.
withdrawal-drafts-head = 📝 <b>Qoralamalar</b>
withdrawal-draft-line = № { $number } · { $reason } · { $count } ta qadoq · { $date }
withdrawal-button-resume = ▶️ № { $number } ni davom ettirish
withdrawal-button-delete = 🗑 № { $number } ni oʻchirish
withdrawal-draft-gone = Bu qoralama endi mavjud emas.
withdrawal-deleted = Qoralama № { $number } oʻchirildi.
withdrawal-operations-none = Hali yuborilgan hujjatlar yoʻq.
withdrawal-operations-head = 📋 <b>Hujjatlar</b>
withdrawal-operation-line = № { $number } · { $date } · { $reason } · { $count } ta qadoq · { $status }
withdrawal-operation-error = ⚠️ { $error }
withdrawal-button-errors = ⚠️ № { $number } xatolari
withdrawal-errors-head = ⚠️ <b>Hujjat № { $number }</b>: milliy tizim rad etgan kodlar: { $count }
withdrawal-error-line = <code>{ $code }</code> — { $error }

## Administratorlar: tashkilotlar va ularning xodimlari.
org-usage = Format: <code>/org list</code> yoki <code>/org add STIR PLACE_ID NAME</code>, ixtiyoriy ravishda <code>gateway=xtrace key=ENV_VAR region=NAME</code> bilan.
org-list-head = 🏥 <b>Tashkilotlar</b>
org-list-none = Hozircha tashkilotlar yoʻq. <code>/org add STIR PLACE_ID NAME</code> bilan qoʻshing.
org-line = { $id }. { $name } · STIR { $tin } · faoliyat joyi { $place } · { $gateway } · { $region }
org-added = { $id }-tashkilot qoʻshildi: { $name } ({ $gateway }). Uning xodimlariga <code>/grant USER_ID institution { $id }</code> bilan huquq bering.
org-grant-usage = Format: <code>/grant USER_ID institution ORG_ID</code> (<code>/org list</code> ga qarang).
org-granted = { $user } foydalanuvchi endi { $org }-tashkilot xodimi (avval: { $before }).
org-error-bad-tin = STIR 9 ta raqamdan (tashkilot) yoki 14 ta raqamdan (jismoniy shaxsning JSHSHIR) iborat.
org-error-bad-gateway = Shlyuz faqat xtrace yoki file boʻlishi mumkin.
org-error-bad-key-env = key= — API kaliti saqlanadigan muhit oʻzgaruvchisining nomi (A-Z, 0-9, _); xtrace shlyuzi uchun u majburiy.
org-error-duplicate-tin = Bunday STIR bilan tashkilot allaqachon mavjud.
org-error-unknown-org = Bunday raqamli tashkilot yoʻq (<code>/org list</code> ga qarang).
org-error-fixed-admin = Administratorlar buyruq bilan emas, bot sozlamalarida (ADMIN_IDS) belgilanadi.
