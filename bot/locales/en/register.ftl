## Notices to operators when a part of the register stops (or starts again) vouching for "not on record".
register-notice-missing =
    ⚠️ <b>Register: { $what } is not loaded.</b>
    Checks that need it answer "cannot check right now" instead of "not registered" or "not on record". Sources: { $sources }.
    Load it with <code>medcheck import</code>, or list it in the sources file (SYNC_CONFIG).
register-notice-stale =
    ⚠️ <b>Register: { $what } is out of date</b> — its data is from { $date }.
    Checks that need it answer "cannot check right now" instead of "not registered" or "not on record". Sources: { $sources }.
    The bot's log says why the sync did not bring newer data.
register-notice-fresh = ✅ <b>Register: { $what } is up to date again</b> (data as of { $date }). Checks rest on it again.
