## Notices to operators when parts of the register stop (or start again) vouching for "not on record".
register-notice-problems = ⚠️ <b>Register: these parts cannot be relied on now</b>
register-notice-line-missing = • { $what } ({ $sources }): not loaded
register-notice-line-stale = • { $what } ({ $sources }): data from { $date }, out of date
register-notice-help = Checks that need them answer "cannot check right now" instead of "not registered" or "not on record". Load the data with <code>medcheck import</code> or list the sources in the sources file (SYNC_CONFIG); the bot's log says why a sync failed.
register-notice-recovered = ✅ <b>Register: up to date again</b>
register-notice-line-fresh = • { $what } ({ $sources }): data as of { $date }
