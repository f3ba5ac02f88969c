## Tekshirilgan qadoqning yaroqlilik muddati tugashidan oldin eslatma: tugma, /reminders, eslatmaning oʻzi.
button-remind = Muddati tugashidan oldin eslating
reminder-set = ⏰ Tayyor. Bu qadoqning yaroqlilik muddati { $expiry } da tugaydi; men { $days } kunlari eslataman.
reminder-too-late = Bu qadoqning yaroqlilik muddati { $expiry } da tugaydi: eslatishga vaqt juda oz qoldi.
reminder-check-gone = Bu tekshiruv endi tarixingizda yoʻq.
reminder-text = ⏰ <b>{ $name }</b>, seriya { $batch }: yaroqlilik muddati { $expiry } da tugaydi ({ $days ->
    [0] bugun
    [1] ertaga
   *[other] { $days } kundan keyin
  }).
reminder-recalled = ⚠️ Bu seriya shundan beri qaytarib olingan ({ $date }: { $reason }). Uni ishlatmang; dorixonaga qaytaring.
reminder-footer = /reminders — eslatmalaringiz.
reminders-empty = Sizda eslatmalar yoʻq. Tekshiruv javobi ostida «Muddati tugashidan oldin eslating» tugmasini bosing.
reminders-title = <b>Yaroqlilik muddati haqidagi eslatmalaringiz</b>
reminders-line = • { $name }, seriya { $batch }, { $expiry } gacha yaroqli: eslatmalar { $days }
reminders-button-cancel = ✖ Bekor qilish: { $name }
reminder-cancelled = Bekor qilindi.
