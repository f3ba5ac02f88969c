## Notices to operators when a part of the register stops (or starts again) vouching for "not on record".
register-notice-missing =
    ⚠️ <b>Reyestr: yuklanmagan — { $what }.</b>
    Bunga tayanadigan tekshiruvlar «reyestrda yoʻq» oʻrniga «hozir tekshirib boʻlmaydi» deb javob beradi. Manbalar: { $sources }.
    Maʼlumotlarni <code>medcheck import</code> buyrugʻi bilan yuklang yoki manbani manbalar fayliga (SYNC_CONFIG) qoʻshing.
register-notice-stale =
    ⚠️ <b>Reyestr: eskirgan — { $what }</b>, maʼlumotlar { $date } sanasiga oid.
    Bunga tayanadigan tekshiruvlar «reyestrda yoʻq» oʻrniga «hozir tekshirib boʻlmaydi» deb javob beradi. Manbalar: { $sources }.
    Sinxronlash nega yangi maʼlumot keltirmagani bot jurnalida yozilgan.
register-notice-fresh = ✅ <b>Reyestr: yana dolzarb — { $what }</b> (maʼlumotlar { $date } sanasiga oid). Tekshiruvlar yana bunga tayanadi.
