## Where to buy it near me: /find NAME, or the button under a green or yellow card.

button-nearby = 📍 Where to buy it near me
nearby-button-location = 📍 Share my location
nearby-button-cancel = ✖️ Cancel
nearby-button-previous = ⬅️ Nearer
nearby-button-next = Further ➡️
nearby-button-venue = 📍 { $n }. { $name } on the map

nearby-ask-product = Which medicine are you looking for? Type its name, in Latin or Cyrillic letters.
nearby-product-bad = Type the medicine's name (at least two letters), or press Cancel.
nearby-not-found = Nothing named «{ $query }» is in the register's catalogue. Check the spelling or type another name.
nearby-pick = Several medicines match. Which one are you looking for?
nearby-ask-place = Where should I look for { $product }? Share your location with the button below, or type your district or street.
nearby-place-unknown = No pharmacy we know of is in «{ $place }». Type another district or street, or share your location with the button.
nearby-cancelled = Search cancelled.
nearby-gone = This pharmacy is no longer on the list.

nearby-within = 💊 Pharmacies with { $product } within { $km } km of you, nearest first:
nearby-widened = Nothing within { $first } km. 💊 Pharmacies with { $product } within { $km } km, nearest first:
nearby-region = Nothing within { $km } km. 💊 Pharmacies with { $product } elsewhere in { $region }, nearest first:
nearby-none = No pharmacy near you has reported { $product } in stock in the last { $days } days (older reports are not counted: stock changes fast).
nearby-none-region = No pharmacy in { $region } has reported { $product } in stock in the last { $days } days (older reports are not counted: stock changes fast).

nearby-pharmacy = <b>{ $n }. { $name }</b> — { $distance } km
nearby-address = 🏠 { $address }
nearby-hours = 🕘 { $hours }
nearby-phone = 📞 { $phone }
nearby-quantity-few = 📦 A few packs left (as of { $date })
nearby-quantity-some = 📦 In stock (as of { $date })
nearby-quantity-many = 📦 Plenty in stock (as of { $date })
nearby-price = 💰 { $price }
nearby-price-unknown = 💰 Price not reported
nearby-price-below = 💰 { $price }, below the maximum price of { $cap }
nearby-price-at = 💰 { $price }, the maximum price
nearby-price-above = 💰 { $price }, ⚠️ above the maximum price of { $cap }
nearby-page = Pharmacies { $first }–{ $last }
nearby-page-gone = The stock has changed since: search again with /find.
