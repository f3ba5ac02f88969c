## Reminders before a checked pack expires: the card's button, /reminders, the reminder itself.
button-remind = Remind me before it expires
reminder-set = ⏰ Done. This pack expires on { $expiry }; I will remind you on { $days }.
reminder-too-late = This pack expires on { $expiry }: too soon for a reminder.
reminder-check-gone = This check is no longer in your history.
reminder-text = ⏰ <b>{ $name }</b>, batch { $batch }, expires on { $expiry } ({ $days ->
    [0] today
    [1] tomorrow
   *[other] in { $days } days
  }).
reminder-recalled = ⚠️ This batch has since been recalled ({ $date }: { $reason }). Do not use it; take it back to the pharmacy.
reminder-footer = /reminders — your reminders.
reminders-empty = You have no reminders. Under a check's answer, tap “Remind me before it expires”.
reminders-title = <b>Your expiry reminders</b>
reminders-line = • { $name }, batch { $batch }, expires on { $expiry }: reminders on { $days }
reminders-button-cancel = ✖ Cancel: { $name }
reminder-cancelled = Cancelled.
