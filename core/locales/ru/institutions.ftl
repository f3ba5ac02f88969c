## Withdrawal documents of medical institutions: what the background sender tells the staff member.

withdrawal-files = Документ вывода из оборота № { $number }: файлы JSON и CSV для загрузки в веб-кабинет ASL BELGISI.
withdrawal-status-changed = Документ вывода из оборота № { $number }: { $status }
withdrawal-status-draft = черновик
withdrawal-status-queued = в очереди на отправку
withdrawal-status-sent = отправлен, обрабатывается
withdrawal-status-success = обработан успешно
withdrawal-status-partial = обработан с ошибками
withdrawal-status-error = отклонён с ошибкой
