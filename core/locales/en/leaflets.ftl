## The instructions (leaflet): the card's button and /leaflet NAME.
button-leaflet = Instructions
leaflet-caption =
    📄 <b>{ $title }</b>
    Dated { $date }
leaflet-caption-undated = 📄 <b>{ $title }</b>
leaflet-unavailable = Sorry, the instructions cannot be downloaded right now. Please try again later.
leaflet-too-big = Sorry, this instructions file is too big to send through Telegram.
leaflet-gone = There are no instructions for this medicine now. Send /leaflet and its name to look again.
leaflet-ask = After /leaflet, write the medicine's name, for example: /leaflet paracetamol
leaflet-no-match = I found no medicine called “{ $name }”. Check the spelling, or try the active ingredient.
leaflet-none = I know “{ $name }”, but have no instructions for it yet.
leaflet-choose = Several medicines match. Whose instructions do you want?
