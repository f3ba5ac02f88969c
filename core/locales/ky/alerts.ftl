## Alerts to operators: a pack a medical institution withdrew is checked again (leak); one code in many hands (clone).
alert-leak-title = 🚨 <b>Агып чыгуу: медициналык мекеме жүгүртүүдөн чыгарган таңгак текшерилди</b>
alert-clone-title = 🚨 <b>Мүмкүн болгон клон: бир кодду бир нече адам текшерди</b>
alert-product = 💊 { $name } (GTIN { $gtin })
alert-batch = 📦 Серия: { $batch }
alert-serial = 🔖 Сериялык номер: <code>{ $serial }</code>
alert-withdrawn = ↩️ { $date } жүгүртүүдөн чыгарылган: { $reason ->
    [medical_use] медициналык максатта колдонулган
    [free_prescription] жеңилдетилген рецепт менен берилген
   *[other] { $reason }
}
alert-institution = 🏥 Мекеме: { $name }
alert-clone-users = 👥 Ар башка адамдар: { $users }
alert-checked = 🕒 Текшерилген: { $date }
alert-location = 📍 Кайда: { $place }
alert-leak-help = Бул таңгак сатыкта болбошу керек: ал мекемеден дарыканага же базарга кетиши мүмкүн.
alert-clone-help = Көп таңгактарда бир басылган код — жасалмалыктын белгиси: код көчүрүлгөн болушу мүмкүн.
