## Alerts to operators: a pack a medical institution withdrew is checked again (leak); one code in many hands (clone).
alert-leak-title = 🚨 <b>Утечка: проверена упаковка, выведенная из оборота медицинским учреждением</b>
alert-clone-title = 🚨 <b>Возможный клон: один код проверили несколько человек</b>
alert-product = 💊 { $name } (GTIN { $gtin })
alert-batch = 📦 Серия: { $batch }
alert-serial = 🔖 Серийный номер: <code>{ $serial }</code>
alert-withdrawn = ↩️ Выведена из оборота { $date }: { $reason ->
    [medical_use] использована в медицинских целях
    [free_prescription] выдана по льготному рецепту
   *[other] { $reason }
}
alert-institution = 🏥 Учреждение: { $name }
alert-clone-users = 👥 Разных людей: { $users }
alert-checked = 🕒 Проверена: { $date }
alert-location = 📍 Где: { $place }
alert-leak-help = Эта упаковка не должна продаваться: возможно, она ушла из учреждения в аптеку или на рынок.
alert-clone-help = Один напечатанный код на многих упаковках — признак подделки: код могли скопировать.
