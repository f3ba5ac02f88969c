## Напоминания об окончании срока годности проверенной упаковки: кнопка, /reminders, само напоминание.
button-remind = Напомнить до окончания срока
reminder-set = ⏰ Готово. Срок годности этой упаковки истекает { $expiry }; я напомню { $days }.
reminder-too-late = Срок годности этой упаковки истекает { $expiry }: слишком скоро для напоминания.
reminder-check-gone = Этой проверки больше нет в вашей истории.
reminder-text = ⏰ <b>{ $name }</b>, серия { $batch }: срок годности истекает { $expiry } ({ $days ->
    [0] сегодня
    [1] завтра
   *[other] через { $days } дн.
  }).
reminder-recalled = ⚠️ Эта серия с тех пор отозвана ({ $date }: { $reason }). Не применяйте её; верните в аптеку.
reminder-footer = /reminders — ваши напоминания.
reminders-empty = У вас нет напоминаний. Под ответом о проверке нажмите «Напомнить до окончания срока».
reminders-title = <b>Ваши напоминания о сроке годности</b>
reminders-line = • { $name }, серия { $batch }, годен до { $expiry }: напоминания { $days }
reminders-button-cancel = ✖ Отменить: { $name }
reminder-cancelled = Отменено.
