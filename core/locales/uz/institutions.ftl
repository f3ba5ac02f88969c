## Withdrawal documents of medical institutions: what the background sender tells the staff member.

withdrawal-files = Muomaladan chiqarish hujjati № { $number }: ASL BELGISI veb-kabinetiga yuklash uchun JSON va CSV fayllar.
withdrawal-status-changed = Muomaladan chiqarish hujjati № { $number }: { $status }
withdrawal-status-draft = qoralama
withdrawal-status-queued = yuborish navbatida
withdrawal-status-sent = yuborildi, qayta ishlanmoqda
withdrawal-status-success = muvaffaqiyatli qayta ishlandi
withdrawal-status-partial = xatolar bilan qayta ishlandi
withdrawal-status-error = xato bilan rad etildi
