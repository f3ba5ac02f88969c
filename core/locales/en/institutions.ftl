## Withdrawal documents of medical institutions: what the background sender tells the staff member.

withdrawal-files = Withdrawal document No. { $number }: JSON and CSV files for upload in the ASL BELGISI web cabinet.
withdrawal-status-changed = Withdrawal document No. { $number }: { $status }
withdrawal-status-draft = draft
withdrawal-status-queued = queued for sending
withdrawal-status-sent = sent, being processed
withdrawal-status-success = processed successfully
withdrawal-status-partial = processed with errors
withdrawal-status-error = refused with an error
