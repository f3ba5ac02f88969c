"""Where to buy a medicine: pharmacies near a citizen that recently reported it in stock."""
