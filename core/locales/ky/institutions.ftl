## Withdrawal documents of medical institutions: what the background sender tells the staff member.

withdrawal-files = Жүгүртүүдөн чыгаруу документи № { $number }: ASL BELGISI веб-кабинетине жүктөө үчүн JSON жана CSV файлдары.
withdrawal-status-changed = Жүгүртүүдөн чыгаруу документи № { $number }: { $status }
withdrawal-status-draft = долбоор
withdrawal-status-queued = жөнөтүү кезегинде
withdrawal-status-sent = жөнөтүлдү, иштетилүүдө
withdrawal-status-success = ийгиликтүү иштетилди
withdrawal-status-partial = каталар менен иштетилди
withdrawal-status-error = ката менен четке кагылды
