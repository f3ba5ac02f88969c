## Арыз: баа эң жогорку баадан кымбат же таңгакта көйгөй бар.

currency-UZS = сум
currency-KGS = сом
complaint-money = { $amount } { $currency }

complaint-kind-overprice = Баа эң жогорку баадан кымбат
complaint-kind-counterfeit = Жасалма болушу мүмкүн
complaint-kind-withdrawn = Жүгүртүүдөн чыгарылган код сатыкта
complaint-kind-damaged = Таңгак бузулган
complaint-kind-other = Башка көйгөй

complaint-status-new = кабыл алынды
complaint-status-in_progress = каралып жатат
complaint-status-answered = жооп берилди
complaint-status-closed = жабылды
complaint-status-rejected = четке кагылды

complaint-product-unknown = дары аныкталган жок

## Баскычтар.
complaint-button-back = ⬅️ Артка
complaint-button-cancel = ✖️ Жокко чыгаруу
complaint-button-skip = Өткөрүп жиберүү ➡️
complaint-button-location = 📍 Дарыкананын жайгашкан жерин жөнөтүү
complaint-button-contact = 📞 Телефон номеримди жөнөтүү
complaint-button-send = ✅ Арызды жөнөтүү

## Суроолор, бир-бирден.
complaint-ask-product =
    <b>Баа боюнча арыз</b>
    Кайсы дары? Атын жазыңыз (мисалы, <i>Парацетамол</i>) же коду көрүнгөн таңгактын сүрөтүн жөнөтүңүз.
complaint-ask-price =
    <b>{ $product }</b>
    Бир таңгак үчүн канча төлөдүңүз? Сумманы жазыңыз, мисалы <i>45 000</i>.
complaint-ask-price-cap =
    <b>{ $product }</b>
    Эң жогорку чекене баа — <b>{ $cap } { $currency }</b>.
    Бир таңгак үчүн канча төлөдүңүз? Сумманы жазыңыз, мисалы <i>45 000</i>.
complaint-ask-pharmacy = Кайсы дарыкана? Атын жана дарегин жазыңыз же төмөнкү баскыч менен жайгашкан жерин жөнөтүңүз.
complaint-ask-receipt = Чектин сүрөтүн жөнөтүңүз (сүрөт же сүрөт файлы катары). Бул милдеттүү: чек эмне жана канчага сатылганын көрсөтөт.
complaint-ask-pack = Мүмкүн болсо, таңгактын сүрөтүн да жөнөтүңүз. Же «Өткөрүп жиберүү» баскычын басыңыз.
complaint-ask-phone = Колдоо кызматы сизге чалса болобу? Төмөнкү баскыч менен номериңизди жөнөтүңүз же «Өткөрүп жиберүү» баскычын басыңыз.
complaint-review = Дээрлик даяр. Арызыңызды текшериңиз:

report-ask-kind =
    <b>{ $product }</b>
    Бул таңгакта эмне көйгөй бар?
report-kind-bad = Баскычтардын бирин тандаңыз.

## Дарыны аты боюнча табуу.
complaint-product-pick = Кайсынысы?
complaint-product-not-found = «{ $query }» деген дары табылган жок. Жазылышын текшериңиз, башка ат менен аракет кылыңыз же таңгактын сүрөтүн жөнөтүңүз.
complaint-product-bad = Дарынын атын жазыңыз (эң аз эки тамга) же таңгактын сүрөтүн жөнөтүңүз.
complaint-product-no-code = Сүрөттөгү кодду окуй алган жокмун. Дарынын атын жазыңыз же коддун башка сүрөтүн жөнөтүңүз.

## Кабыл алынбаган жооптор.
complaint-price-not-a-number = Бааны сан менен жазыңыз, мисалы <i>45 000</i> же <i>45000.50</i>.
complaint-price-zero = Баа нөл боло албайт. Канча төлөдүңүз?
complaint-price-negative = Баа терс боло албайт. Канча төлөдүңүз?
complaint-price-too-precise = Баада үтүрдөн кийин эң көп эки сан болот (эң майда тыйын — 0,01). Кайра жазыңыз, мисалы <i>45 000</i> же <i>45000.50</i>.
complaint-price-too-large = Бир таңгак үчүн бул сумма өтө чоң. Текшерип, кайра жазыңыз.
complaint-pharmacy-bad = Дарыкананын атын жана дарегин жазыңыз (3 төн 300 белгиге чейин) же баскыч менен жайгашкан жерин жөнөтүңүз.
complaint-receipt-bad = Чектин сүрөтү керек: аны сүрөт же сүрөт файлы катары жөнөтүңүз.
complaint-pack-bad = Таңгактын сүрөтүн жөнөтүңүз же «Өткөрүп жиберүү» баскычын басыңыз.
complaint-not-an-image = Бул файл мен окуй ала турган сүрөт эмес. Сүрөт жөнөтүңүз (JPEG, PNG, HEIC).
complaint-image-too-large = Сүрөт өтө чоң. Аны файл эмес, сүрөт катары жөнөтүңүз.
complaint-phone-bad = «Телефон номеримди жөнөтүү» же «Өткөрүп жиберүү» баскычын басыңыз.
complaint-phone-not-yours = Төмөнкү баскыч аркылуу өз номериңизди жөнөтүңүз.
complaint-confirm-bad = Жөнөтүү үчүн «Арызды жөнөтүү», бир нерсени өзгөртүү үчүн «Артка» баскычын басыңыз.
complaint-photo-again = Сүрөттөрдүн бирин окуй алган жокмун. Аны кайра жөнөтүңүз.
complaint-busy = ⏳ Азыр өтө көп сүрөттөр менен алектенип жатам. Бул сүрөттү бир аздан кийин кайра жөнөтүңүз — арызыңыздын калганы сакталды.
complaint-send-busy = ⏳ Азыр өтө көп сүрөттөр менен алектенип жатам. Эч нерсе жоголгон жок: бир аздан кийин «Арызды жөнөтүү» баскычын кайра басыңыз.
complaint-check-missing = Бул текшерүү табылган жок. Таңгактын сүрөтүн кайра жөнөтүңүз.
complaint-expired = Бул баскыч мындан ары иштебейт.
complaint-cancelled = Арыз жокко чыгарылды. Эч нерсе жөнөтүлгөн жок.
complaint-nothing-to-cancel = Жокко чыгара турган эч нерсе жок.

## Аягына чыкпаган арыз: мөөнөтү өтөт, таңгактын коду же экинчи арыз сурабастан анын ордун албайт.
complaint-draft-expired = <b>{ $product }</b> боюнча аягына чыкпаган арызыңыз { $minutes } мүнөт жооп болбогондуктан өчүрүлдү. Эч нерсе жөнөтүлгөн жок.
complaint-discarded = <b>{ $product }</b> боюнча аягына чыкпаган арыз өчүрүлдү. Эч нерсе жөнөтүлгөн жок.
complaint-open-other = Сизде <b>{ $product }</b> боюнча аягына чыкпаган арыз бар. Аны улантасызбы же өчүрүп, жаңысын баштайсызбы?
complaint-button-continue = ▶️ Улантуу
complaint-button-start-new = 🆕 Өчүрүп, жаңысын баштоо
complaint-code-or-complaint = Бул таңгактын коду, ал эми сизде <b>{ $product }</b> боюнча аягына чыкпаган арыз бар. Бул таңгакты текшерейинби (аягына чыкпаган арыз өчүрүлөт) же арызды улантасызбы?
complaint-code-or-receipt = Бул сүрөттө таңгактын коду бар. Бул <b>{ $product }</b> боюнча арызыңыз үчүн чекпи же текшерүүчү таңгакпы (аягына чыкпаган арыз өчүрүлөт)?
complaint-button-check-pack = 🔍 Таңгакты текшерүү
complaint-button-go-on = ✏️ Арызды улантуу
complaint-button-is-receipt = 🧾 Бул чек

## Жөнөтүүдөн мурунку жыйынтык.
complaint-summary-title = <b>{ $kind }</b>
complaint-summary-product = 💊 { $product }
complaint-summary-batch = Серия: { $batch }
complaint-summary-price = 💰 Төлөндү: { $paid } { $currency }
complaint-summary-pharmacy = 🏥 { $pharmacy }
complaint-summary-location = 📍 Жайгашкан жери: { $lat }, { $lon }
complaint-summary-photos =
    { $count ->
        [1] 📎 Чектин сүрөтү
       *[other] 📎 Чектин жана таңгактын сүрөттөрү
    }
complaint-summary-phone = 📞 { $phone }
complaint-summary-no-phone = 📞 Телефон номерисиз (жооп ушул жерге келет)

## Баа эң жогорку баа менен салыштырылганда.
complaint-excess-over = Бул { $cap } { $currency } эң жогорку баадан <b>{ $excess } { $currency } ({ $percent }%) кымбат</b>.
complaint-excess-within = Бул баа { $cap } { $currency } эң жогорку баанын чегинде.
complaint-excess-unknown = Бул дарынын эң жогорку баасы биздин маалыматта жок; колдоо кызматы аны текшерет.

## Жөнөткөндөн кийин.
complaint-accepted = ✅ <b>№ { $id } арыз кабыл алынды.</b>
complaint-accepted-within = Баары бир аны каттадык, «баа эң жогорку баанын чегинде» деп белгиледик.
complaint-accepted-next = Колдоо кызматы аны карап чыгат; жооп ушул жерге келет. Бардык арыздарыңыз — /complaints.

## /complaints
complaints-title = <b>Арыздарыңыз</b>
complaints-none = Сиз азырынча арыз жөнөткөн жоксуз. Баа боюнча арыз берүү үчүн /complaint жөнөтүңүз.
complaints-item = <b>№ { $id }</b> · { $date } · { $kind }
    { $product } — <i>{ $status }</i>
complaints-item-answer = 💬 { $answer }

## Колдоо кызматы эмне кылганы — жаранга билдирүү.
complaint-notice-answer =
    💬 <b>№ { $id } арызыңызга жооп</b>

    { $text }
complaint-notice-new = № { $id } арызыңыз кабыл алынды.
complaint-notice-in-progress = 🔎 № { $id } арызыңызды колдоо кызматы карап жатат.
complaint-notice-answered = 💬 № { $id } арызыңызга жооп берилди.
complaint-notice-closed = ✅ № { $id } арызыңыз жабылды. Кабарлаганыңыз үчүн рахмат.
complaint-notice-rejected = № { $id } арызыңызды колдоо кызматы четке какты. Эгер муну ката деп эсептесеңиз, кошумча маалымат менен жаңы арыз жөнөтүңүз.
