## Notices to operators when parts of the register stop (or start again) vouching for "not on record".
register-notice-problems = ⚠️ <b>Reyestr: hozir bu qismlarga tayanib boʻlmaydi</b>
register-notice-line-missing = • { $what } ({ $sources }): yuklanmagan
register-notice-line-stale = • { $what } ({ $sources }): maʼlumotlar { $date } sanasiga oid, eskirgan
register-notice-help = Ularga tayanadigan tekshiruvlar «reyestrda yoʻq» oʻrniga «hozir tekshirib boʻlmaydi» deb javob beradi. Maʼlumotlarni <code>medcheck import</code> buyrugʻi bilan yuklang yoki manbalarni manbalar fayliga (SYNC_CONFIG) yozing; sinxronlash nega amalga oshmagani bot jurnalida yozilgan.
register-notice-recovered = ✅ <b>Reyestr: yana dolzarb</b>
register-notice-line-fresh = • { $what } ({ $sources }): maʼlumotlar { $date } sanasiga oid
