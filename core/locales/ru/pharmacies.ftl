## Где купить рядом: /find НАЗВАНИЕ или кнопка под зелёной или жёлтой карточкой.

button-nearby = 📍 Где купить рядом
nearby-button-location = 📍 Отправить моё местоположение
nearby-button-cancel = ✖️ Отменить
nearby-button-previous = ⬅️ Ближе
nearby-button-next = Дальше ➡️
nearby-button-venue = 📍 { $n }. { $name } на карте

nearby-ask-product = Какое лекарство вы ищете? Напишите название латиницей или кириллицей.
nearby-product-bad = Напишите название лекарства (хотя бы две буквы) или нажмите «Отменить».
nearby-not-found = В каталоге реестра нет ничего под названием «{ $query }». Проверьте написание или напишите другое название.
nearby-pick = Подходит несколько лекарств. Какое вы ищете?
nearby-ask-place = Где искать { $product }? Отправьте своё местоположение кнопкой ниже или напишите район или улицу.
nearby-place-unknown = Мы не знаем аптек в «{ $place }». Напишите другой район или улицу или отправьте местоположение кнопкой.
nearby-cancelled = Поиск отменён.
nearby-gone = Этой аптеки больше нет в списке.

nearby-within = 💊 Аптеки с { $product } в пределах { $km } км от вас, ближайшие первыми:
nearby-widened = В пределах { $first } км ничего нет. 💊 Аптеки с { $product } в пределах { $km } км, ближайшие первыми:
nearby-region = В пределах { $km } км ничего нет. 💊 Аптеки с { $product } в других местах региона { $region }, ближайшие первыми:
nearby-none = Ни одна аптека рядом с вами не сообщала о наличии { $product } за последние { $days } дн. (более старые данные не учитываются: наличие быстро меняется).
nearby-none-region = Ни одна аптека региона { $region } не сообщала о наличии { $product } за последние { $days } дн. (более старые данные не учитываются: наличие быстро меняется).

nearby-pharmacy = <b>{ $n }. { $name }</b> — { $distance } км
nearby-address = 🏠 { $address }
nearby-hours = 🕘 { $hours }
nearby-phone = 📞 { $phone }
nearby-quantity-few = 📦 Осталось несколько упаковок (на { $date })
nearby-quantity-some = 📦 В наличии (на { $date })
nearby-quantity-many = 📦 Много в наличии (на { $date })
nearby-price = 💰 { $price }
nearby-price-unknown = 💰 Цена не указана
nearby-price-below = 💰 { $price }, ниже предельной цены { $cap }
nearby-price-at = 💰 { $price }, предельная цена
nearby-price-above = 💰 { $price }, ⚠️ выше предельной цены { $cap }
nearby-page = Аптеки { $first }–{ $last }
nearby-page-gone = Наличие с тех пор изменилось: поищите снова командой /find.
