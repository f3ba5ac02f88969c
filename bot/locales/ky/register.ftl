## Notices to operators when parts of the register stop (or start again) vouching for "not on record".
register-notice-problems = ⚠️ <b>Реестр: азыр бул бөлүктөргө таянууга болбойт</b>
register-notice-line-missing = • { $what } ({ $sources }): жүктөлгөн эмес
register-notice-line-stale = • { $what } ({ $sources }): маалыматтар { $date } күнгө таандык, эскирген
register-notice-help = Аларга таянган текшерүүлөр «реестрде жок» дегендин ордуна «азыр текшерүүгө болбойт» деп жооп берет. Маалыматтарды <code>medcheck import</code> буйругу менен жүктөңүз же булактарды булактар файлына (SYNC_CONFIG) жазыңыз; синхрондоо эмне үчүн ишке ашпаганы боттун журналында жазылган.
register-notice-recovered = ✅ <b>Реестр: кайра актуалдуу</b>
register-notice-line-fresh = • { $what } ({ $sources }): маалыматтар { $date } күнгө таандык
