## Alerts to operators: a pack a medical institution withdrew is checked again (leak); one code in many hands (clone).
alert-leak-title = 🚨 <b>Sizib chiqish: tibbiyot muassasasi muomaladan chiqargan qadoq tekshirildi</b>
alert-clone-title = 🚨 <b>Ehtimoliy klon: bitta kodni bir necha kishi tekshirdi</b>
alert-product = 💊 { $name } (GTIN { $gtin })
alert-batch = 📦 Seriya: { $batch }
alert-serial = 🔖 Seriya raqami: <code>{ $serial }</code>
alert-withdrawn = ↩️ { $date } da muomaladan chiqarilgan: { $reason ->
    [medical_use] tibbiy maqsadda ishlatilgan
    [free_prescription] imtiyozli retsept boʻyicha berilgan
   *[other] { $reason }
}
alert-institution = 🏥 Muassasa: { $name }
alert-clone-users = 👥 Turli odamlar: { $users }
alert-checked = 🕒 Tekshirilgan: { $date }
alert-location = 📍 Qayerda: { $place }
alert-leak-help = Bu qadoq sotuvda boʻlmasligi kerak: u muassasadan dorixona yoki bozorga chiqib ketgan boʻlishi mumkin.
alert-clone-help = Koʻp qadoqlarda bitta bosilgan kod — qalbakilik belgisi: kod nusxalangan boʻlishi mumkin.
