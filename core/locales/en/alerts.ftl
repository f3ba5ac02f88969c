## Alerts to operators: a pack a medical institution withdrew is checked again (leak); one code in many hands (clone).
alert-leak-title = 🚨 <b>Leak: a pack withdrawn by a medical institution was checked</b>
alert-clone-title = 🚨 <b>Possible clone: one code checked by several people</b>
alert-product = 💊 { $name } (GTIN { $gtin })
alert-batch = 📦 Batch: { $batch }
alert-serial = 🔖 Serial: <code>{ $serial }</code>
alert-withdrawn = ↩️ Withdrawn on { $date }: { $reason ->
    [medical_use] used for medical purposes
    [free_prescription] given out on a free prescription
   *[other] { $reason }
}
alert-institution = 🏥 Institution: { $name }
alert-clone-users = 👥 Different people: { $users }
alert-checked = 🕒 Checked: { $date }
alert-location = 📍 Where: { $place }
alert-leak-help = This pack should not be on sale: it may have left the institution for a pharmacy or a market.
alert-clone-help = One printed code on many packs is the mark of a counterfeit: the code may have been copied.
