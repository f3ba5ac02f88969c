## Проверка: карточка ответа, помощь, когда код не найден, история.

## Вердикт: одна простая фраза по решающей причине.
verdict-in_circulation = Проверено: код этой упаковки есть в реестре и находится в обороте.
verdict-recalled = Не применяйте: эта серия отозвана.
verdict-withdrawn = Внимание: код этой упаковки уже выведен из оборота — такой упаковки не должно быть на полке.
verdict-withdrawn-institution = Не покупайте: эту упаковку использовало или выдало медицинское учреждение { $date } — её не должно быть в продаже.
verdict-not_registered = Внимание: этого лекарства нет в реестре — возможно, оно ввезено незаконно или подделано.
verdict-expired = Не применяйте: срок годности этой упаковки истёк.
verdict-cannot_check = Сейчас проверить нельзя: { $state ->
    [missing] в боте нет данных ({ $what })
   *[stale] данные в боте ({ $what }) от { $date } — слишком старые
  }. Это не значит, что упаковка поддельная, — проверьте позже.
verdict-unknown_code = Осторожно: лекарство зарегистрировано, но код этой упаковки не числится в обороте.
verdict-product_only = Этот штрихкод называет лекарство, а не упаковку, поэтому по нему нельзя понять, подлинна ли эта упаковка. Для этого сфотографируйте квадратный код DataMatrix.
verdict-registration_expired = Осторожно: срок регистрации этого лекарства истёк (упаковки, выпущенные раньше, ещё могут продаваться).
verdict-registration_expiring = Осторожно: регистрация этого лекарства заканчивается в ближайшие 30 дней.
verdict-no_certificate = Для этой серии нет сертификата качества в реестре.
verdict-no_code = Я не нашёл код упаковки.

## Другие причины, под вердиктом.
also-recalled = серия отозвана
also-withdrawn = код выведен из оборота
also-withdrawn-institution = медицинское учреждение использовало или выдало эту упаковку { $date }
also-not_registered = лекарства нет в реестре
also-expired = срок годности истёк
also-cannot_check = сейчас нельзя проверить: { $what } ({ $state ->
    [missing] нет данных
   *[stale] данные от { $date }
  })
also-unknown_code = код не числится в обороте
also-product_only = известно лекарство, но не упаковка
also-registration_expired = срок регистрации истёк
also-registration_expiring = регистрация заканчивается в ближайшие 30 дней
card-also = Также: { $reasons }.

## Лекарственные формы, как их пишет реестр (написания сопоставляет handlers/register_words.py).
form-tablets = таблетки
form-film-coated-tablets = таблетки, покрытые плёночной оболочкой
form-prolonged-release-tablets = таблетки пролонгированного действия
form-capsules = капсулы
form-solution-for-injection = раствор для инъекций
form-powder-for-injection = порошок для инъекций
form-inhalation-aerosol = аэрозоль для ингаляций
form-syrup = сироп
form-ointment = мазь
form-drops = капли
form-suspension = суспензия
form-suppositories = суппозитории

## Карточка ответа.
card-headline = { $mark } <b>{ $sentence }</b>
card-product = 💊 <b>{ $name }</b>
card-product-unknown = 💊 Товара с GTIN { $gtin } нет в реестре лекарственных средств.
card-product-gtin = 💊 GTIN { $gtin }
part-product = реестр лекарственных средств
part-registration = сведения о регистрации
part-code_status = реестр кодов упаковок
part-certificate = перечень сертификатов качества
part-price = реестр цен
card-inn = Действующее вещество: { $inn }
card-form = Форма: { $form }
card-form-pack = Форма: { $form }, № { $size }
card-manufacturer = Производитель: { $name }
card-manufacturer-country = Производитель: { $name }, { $country }
card-registration = 📄 Регистрация { $number }: { $status ->
    [valid] действует
    [suspended] приостановлена
    [expired] истекла
    [annulled] аннулирована
   *[other] { $status }
  }, до { $until }
card-registration-no-date = 📄 Регистрация { $number }: { $status ->
    [valid] действует
    [suspended] приостановлена
    [expired] истекла
    [annulled] аннулирована
   *[other] { $status }
  }
card-registration-none = 📄 Сведений о регистрации нет.
card-registration-unchecked = 📄 Регистрация: сейчас проверить нельзя — { $state ->
    [missing] сведения о регистрации не загружены
   *[stale] сведения о регистрации от { $date }
  }.
card-batch-certificate = 📦 Серия { $batch }: сертификат качества { $number } от { $date }, выдан: { $issuer }
card-batch-no-certificate = 📦 Серия { $batch }: сертификата качества в реестре нет.
card-batch-unchecked = 📦 Серия { $batch }: сертификат качества сейчас проверить нельзя — { $state ->
    [missing] перечень сертификатов не загружен
   *[stale] перечень сертификатов от { $date }
  }.
card-batch-unknown = 📦 Серия: не указана в коде и не найдена в реестре.
card-code-in_circulation = 🔖 Код упаковки: в обороте.
card-code-applied = 🔖 Код упаковки: нанесён, но в оборот не вводился.
card-code-withdrawn = 🔖 Код упаковки: выведен из оборота { $date } — { $reason ->
    [sale] продан покупателю
    [medical_use] использован в больнице
    [expiry] истёк срок годности
    [free_prescription] выдан по льготному рецепту
    [destruction] уничтожен
    [loss] утерян
    [export] вывезен за рубеж
   *[other] { $reason }
  }.
card-code-unknown = 🔖 Код упаковки: не найден в реестре кодов.
card-code-unchecked = 🔖 Код упаковки: сейчас проверить нельзя — { $state ->
    [missing] реестр кодов не загружен
   *[stale] реестр кодов от { $date }
  }.
card-expiry = ⏳ Годен до: { $date }
card-expiry-passed = ⏳ Срок годности истёк { $date }
card-price = 💰 Предельная розничная цена: { $price } { $currency ->
    [UZS] { currency-UZS }
    [KGS] { currency-KGS }
    [RUB] руб.
   *[other] { $currency }
  } (установлена { $date })
card-price-no-date = 💰 Предельная розничная цена: { $price } { $currency ->
    [UZS] { currency-UZS }
    [KGS] { currency-KGS }
    [RUB] руб.
   *[other] { $currency }
  }
card-price-none = 💰 Предельной розничной цены в реестре нет.
card-price-unchecked = 💰 Предельная розничная цена: сейчас проверить нельзя — { $state ->
    [missing] реестр цен не загружен
   *[stale] реестр цен от { $date }
  }.
card-recall = ⚠️ <b>Отзыв от { $date }</b> ({ $severity ->
    [high] высокий риск
    [medium] средний риск
    [low] низкий риск
   *[other] { $severity }
  }): { $reason }
card-recall-notice = <i>{ $notice }</i>
card-data-date = <i>Данные реестра на { $date }.</i>
card-data-date-unknown = <i>Дата данных реестра неизвестна.</i>

## Кнопки под карточкой.
button-complain = Цена была выше
button-report = Сообщить о проблеме с упаковкой
button-subscribe = Сообщать об отзывах этого лекарства

## Когда на фото не найден код.
nocode-title = 🔍 Я не нашёл код упаковки на этом фото.
nocode-hint-too_small = Код на снимке слишком мелкий — поднесите телефон ближе.
nocode-hint-blurred = Снимок размыт — держите телефон неподвижно и дайте ему сфокусироваться на коде.
nocode-hint-dark = Снимок слишком тёмный — снимайте при хорошем свете, без бликов.
nocode-hint-bright = Снимок слишком светлый или с бликом — слегка отверните упаковку от света.
nocode-hint-linear_only = Я вижу только обычный штрихкод (полоски). Он называет лекарство, но не упаковку; найдите на упаковке маленький квадратный код.
nocode-hint-foreign = Код на этом фото я прочитал, но это не код упаковки лекарства (возможно, ссылка на сайт или этикетка магазина).
nocode-how =
    Как переснять:
    • код должен занять весь кадр, телефон в 10–15 см;
    • хороший свет, без бликов, код ровный и в фокусе;
    • или пришлите фото <i>файлом</i> (📎 → Файл) — так сохранится исходное качество.
nocode-type = Можно также ввести код, напечатанный рядом, например <code>01 04780000000014 21 5bX2kLm9QeRt8</code>, или 13 цифр под штрихкодом.
album-nocode = На { $count } фото из альбома я не нашёл код.

## Текст, который не является кодом.
notcode-not_a_code =
    Это не похоже на код упаковки.
    Пришлите фото квадратного кода на упаковке или введите то, что напечатано рядом с ним, например:
    <code>01 04780000000014 21 5bX2kLm9QeRt8</code>
    или 13 цифр под штрихкодом: <code>4780000000014</code>
notcode-empty = Пришлите фото квадратного кода на упаковке или введите код.
notcode-bad_check_digit = Цифры этого штрихкода не сходятся (неверная контрольная цифра). Проверьте номер на опечатку.
notcode-ambiguous_separators = Я не могу понять, где в этом коде заканчивается серийный номер. Пришлите, пожалуйста, фото кода.
notcode-bad_expiry = Срок годности в этом коде — несуществующая дата. Проверьте, нет ли опечатки.
notcode-too_long = Этот текст слишком длинный для кода упаковки.

## Файлы, изображения и сбои.
check-file-too-big = Этот файл больше 20 МБ — Telegram не даёт мне его скачать. Пришлите его как фото или изображение поменьше.
check-not-an-image = Я умею читать только изображения. Пришлите фото кода на упаковке (или картинку файлом).
check-image-not_an_image = Не удалось открыть это изображение. Пришлите фото в формате JPEG, PNG или HEIC.
check-image-too_large = Это изображение слишком большое для меня. Пришлите фото кода поменьше.
check-image-too_many_pixels = В этом изображении слишком много пикселей. Пришлите обычное фото кода.
check-image-truncated = Изображение пришло не полностью. Пришлите его ещё раз.
check-busy = ⏳ Сейчас я читаю очень много фото. Пришлите ваше ещё раз через минуту.
check-timeout = Чтение этого фото заняло слишком много времени. Пришлите фото кода поближе или введите код.
check-unsupported = Я читаю фото упаковок лекарств и введённые коды. Пришлите фото квадратного кода на упаковке.
check-unknown-command = Я не знаю такой команды. /help покажет, что я умею.

## /history
history-title = <b>Ваши последние проверки</b>
    Нажмите на проверку, чтобы повторить её по свежим данным реестра.
history-empty = Вы ещё не проверяли ни одной упаковки. Пришлите фото квадратного кода на упаковке, чтобы начать.
history-line = { $n }. { $mark } { $when } — { $what }
history-pack = GTIN { $gtin }, серийный номер { $serial }
history-product = GTIN { $gtin }
history-button = { $n }. { $mark } { $what }
history-not-found = Этой проверки больше нет в вашей истории.
