## Жакын жерден кайдан сатып алса болот: /find АТЫ же жашыл же сары карточканын астындагы баскыч.

button-nearby = 📍 Жакын жерден кайдан алса болот
nearby-button-location = 📍 Жайгашкан жеримди жөнөтүү
nearby-button-cancel = ✖️ Жокко чыгаруу
nearby-button-previous = ⬅️ Жакыныраак
nearby-button-next = Алысыраак ➡️
nearby-button-venue = 📍 { $n }. { $name } картада

nearby-ask-product = Кайсы дарыны издеп жатасыз? Атын латын же кирилл тамгалары менен жазыңыз.
nearby-product-bad = Дарынын атын жазыңыз (жок дегенде эки тамга) же «Жокко чыгаруу» баскычын басыңыз.
nearby-not-found = Реестрдин каталогунда «{ $query }» деген дары жок. Жазылышын текшериңиз же башка ат жазыңыз.
nearby-pick = Бир нече дары туура келди. Кайсынысын издеп жатасыз?
nearby-ask-place = { $product } кайдан изделсин? Төмөнкү баскыч менен жайгашкан жериңизди жөнөтүңүз же району же көчөнү жазыңыз.
nearby-place-unknown = «{ $place }» ичинде биз билген дарыкана жок. Башка районду же көчөнү жазыңыз же баскыч менен жайгашкан жериңизди жөнөтүңүз.
nearby-cancelled = Издөө жокко чыгарылды.
nearby-gone = Бул дарыкана тизмеде жок болуп калды.

nearby-within = 💊 Сизден { $km } км ичинде { $product } бар дарыканалар, эң жакыны биринчи:
nearby-widened = { $first } км ичинде эч нерсе жок. 💊 { $km } км ичинде { $product } бар дарыканалар, эң жакыны биринчи:
nearby-region = { $km } км ичинде эч нерсе жок. 💊 { $region } аймагынын башка жерлеринде { $product } бар дарыканалар, эң жакыны биринчи:
nearby-none = Жакын жердеги бир да дарыкана акыркы { $days } күндө { $product } бар экенин билдирген жок (эски маалыматтар эсепке алынбайт: калдык тез өзгөрөт).
nearby-none-region = { $region } аймагындагы бир да дарыкана акыркы { $days } күндө { $product } бар экенин билдирген жок (эски маалыматтар эсепке алынбайт: калдык тез өзгөрөт).

nearby-pharmacy = <b>{ $n }. { $name }</b> — { $distance } км
nearby-address = 🏠 { $address }
nearby-hours = 🕘 { $hours }
nearby-phone = 📞 { $phone }
nearby-quantity-few = 📦 Бир нече куту калды ({ $date } карата)
nearby-quantity-some = 📦 Бар ({ $date } карата)
nearby-quantity-many = 📦 Көп бар ({ $date } карата)
nearby-price = 💰 { $price }
nearby-price-unknown = 💰 Баасы көрсөтүлгөн эмес
nearby-price-below = 💰 { $price }, эң жогорку баа { $cap } төмөн
nearby-price-at = 💰 { $price }, эң жогорку баа
nearby-price-above = 💰 { $price }, ⚠️ эң жогорку баа { $cap } жогору
nearby-page = Дарыканалар { $first }–{ $last }
nearby-page-gone = Ошондон бери калдык өзгөрдү: /find менен кайра издеңиз.
