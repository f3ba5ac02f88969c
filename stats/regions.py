"""Which region a complaint came from: the regional centre nearest to the place the citizen shared.

Complaints carry coordinates, not an address; the nearest centre is right for all but the edges of a
region, which is enough to see where overpricing gathers. Names live in stats.ftl (`stats-region-<key>`).
"""
from __future__ import annotations

import math
from functools import lru_cache

# key -> (latitude, longitude) of the region's centre (Uzbekistan, then Kyrgyzstan).
CENTRES = {
    "tashkent-city": (41.311, 69.279), "tashkent": (41.040, 69.357), "andijan": (40.783, 72.344),
    "bukhara": (39.768, 64.421), "fergana": (40.386, 71.786), "jizzakh": (40.116, 67.842),
    "kashkadarya": (38.861, 65.789), "khorezm": (41.550, 60.631), "namangan": (40.998, 71.672),
    "navoiy": (40.103, 65.374), "samarkand": (39.654, 66.959), "surkhandarya": (37.224, 67.278),
    "syrdarya": (40.490, 68.784), "karakalpakstan": (42.460, 59.603),
    "bishkek": (42.875, 74.590), "chuy": (42.842, 75.292), "osh": (40.528, 72.799),
    "jalal-abad": (40.933, 72.999), "batken": (40.063, 70.819), "naryn": (41.429, 75.991),
    "issyk-kul": (42.490, 78.394), "talas": (42.522, 72.243),
}
FARTHEST_KM = 250  # farther than this from every centre: not in either country


@lru_cache(maxsize=4096)
def _nearest(latitude: float, longitude: float) -> tuple[str, float]:
    # Flat-earth distances are exact enough to pick among centres a few hundred km apart, and cheap.
    scale = math.cos(math.radians(latitude))
    key, centre = min(CENTRES.items(), key=lambda item: (item[1][0] - latitude) ** 2
                      + ((item[1][1] - longitude) * scale) ** 2)
    km = 111.2 * math.hypot(centre[0] - latitude, (centre[1] - longitude) * scale)
    return key, km


def region_of(latitude: float | None, longitude: float | None) -> str:
    """The key of the nearest regional centre; "unknown" without a place or far from all of them."""
    if latitude is None or longitude is None:
        return "unknown"
    key, km = _nearest(round(latitude, 2), round(longitude, 2))  # a pharmacy is the same place each time
    return key if km <= FARTHEST_KM else "unknown"
