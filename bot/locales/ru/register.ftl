## Notices to operators when parts of the register stop (or start again) vouching for "not on record".
register-notice-problems = ⚠️ <b>Реестр: на эти части сейчас нельзя опираться</b>
register-notice-line-missing = • { $what } ({ $sources }): не загружено
register-notice-line-stale = • { $what } ({ $sources }): данные от { $date }, устарели
register-notice-help = Проверки, которым они нужны, отвечают «сейчас проверить нельзя» вместо «нет в реестре» или «не числится». Загрузите данные командой <code>medcheck import</code> или укажите источники в файле источников (SYNC_CONFIG); почему синхронизация не удалась, сказано в журнале бота.
register-notice-recovered = ✅ <b>Реестр: снова актуально</b>
register-notice-line-fresh = • { $what } ({ $sources }): данные от { $date }
