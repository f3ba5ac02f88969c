"""Where to buy it near me, end to end: the real bot (SQLite + polling, PostgreSQL + webhook) against the local
Bot API server, with pharmacies and stock loaded by the importer as `medcheck import` loads them.

A citizen asks by name (/find) and by the card's button, shares a location or types a district, and gets
the nearest pharmacies that reported the medicine recently: five a page, nearest first, prices against
the maximum price, each a map pin. A report older than STOCK_MAX_AGE_DAYS is never shown as in stock; a
name with no match and a place far from any pharmacy get their polite answers.
"""
from __future__ import annotations

import csv
from datetime import timedelta

import pytest

from core.clock import utcnow
from core.i18n import Translator
from handlers.callbacks import CheckAction, NearbyPage, NearbyVenue
from pharmacies.nearby import KM_PER_DEGREE, Place, distance_km
from register.fields import RowError
from register.importers.pharmacies import pharmacy, stock
from register.load import import_source
from tests.botapi.server import parse_html
from tests.harness import running_bot

I18N = Translator()
CITIZEN = 8101
PARACETAMOL = "04780181590830"  # Paracetamol-UZ 500 mg in the sample register; its maximum price is 27 000 soʻm
CODE = "010478018159083021r3.J1TWDtkwtD"  # a pack of it in circulation
HERE = Place(41.3111, 69.2797)
FAR = Place(40.0, 60.0)  # the Kyzylkum desert: no pharmacy within 50 km
# id, name, km north of HERE, quantity, price, days since the report
PHARMACIES = [
    ("S0", "Stale Apteka", 0.2, 50, "20000", 5),
    ("P1", "Alpha Apteka", 0.5, 3, "30000", 0.1),
    ("P2", "Beta Apteka", 0.8, 10, "27000", 1),
    ("P3", "Gamma Apteka", 1.1, 50, "25000", 2),
    ("P4", "Delta Apteka", 1.4, 7, "", 0.5),
    ("P5", "Empty Apteka", 1.7, 0, "26000", 0.1),
    ("P6", "Epsilon Apteka", 2.0, 8, "26500", 0.2),
    ("P7", "Zeta Apteka", 2.5, 9, "26000", 0.3),
]


def said(key: str, **args) -> str:
    return parse_html(I18N("en", key, **args))[0]


async def load_pharmacies(db, tmp_path) -> None:
    now = utcnow()
    with open(tmp_path / "pharmacies.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "name", "address", "region", "latitude", "longitude", "phone", "opening_hours",
                      "licence_number"])
        for pid, name, km, *_ in PHARMACIES:
            street = "Chilonzor tumani, Bunyodkor 1" if pid == "P6" else f"Mirobod tumani, Amir Temur {pid}"
            out.writerow([pid, name, street, "Toshkent shahri", HERE.latitude + km / KM_PER_DEGREE, HERE.longitude,
                          "+998 71 200 00 00", "08:00–22:00", f"L-{pid}"])
    with open(tmp_path / "stock.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["pharmacy_id", "gtin", "quantity", "price", "currency", "updated_at"])
        for pid, _name, _km, quantity, price, days in PHARMACIES:
            out.writerow([pid, PARACETAMOL, quantity, price, "UZS", (now - timedelta(days=days)).isoformat()])
    for kind in ("pharmacies", "stock"):
        report = await import_source(db, kind, tmp_path / f"{kind}.csv")
        assert not report.refused and report.applied == len(PHARMACIES), report.summary()
    # Stock is incremental: a later file adds reports, and one older than the report held changes nothing.
    with open(tmp_path / "older.csv", "w", newline="", encoding="utf-8") as f:
        f.write("pharmacy_id,gtin,quantity,price,currency,updated_at\n"
                f"P1,{PARACETAMOL},99,1000,UZS,{(now - timedelta(days=2)).isoformat()}\n")
    report = await import_source(db, "stock", tmp_path / "older.csv")
    assert not report.refused and report.applied == 0, report.summary()


def test_rows_are_checked():
    good = {"id": "A1", "name": "Apteka", "address": "Chilonzor 1", "region": "Toshkent shahri",
            "latitude": "41,3", "longitude": "69.2"}
    assert pharmacy(good)["latitude"] == 41.3 and "chilonzor" in pharmacy(good)["search_text"]
    for bad in ({"latitude": "95"}, {"longitude": "east"}, {"latitude": "0", "longitude": "0"}, {"id": "x" * 33},
                {"region": ""}):
        with pytest.raises(RowError):
            pharmacy({**good, **bad})
    row = {"pharmacy_id": "A1", "gtin": PARACETAMOL, "quantity": "12", "updated_at": "2026-11-27T10:00:00+05:00"}
    assert stock(row)["currency"] == "UZS" and stock(row)["price"] is None and stock(row)["quantity"] == 12
    for bad in ({"quantity": "-1"}, {"quantity": "2.5"}, {"currency": "soʻm"}, {"gtin": "04780181590831"},
                {"updated_at": ""}):
        with pytest.raises(RowError):
            stock({**row, **bad})


def buttons(call) -> dict[str, str]:
    return {b["text"]: b["callback_data"] for row in call.message["reply_markup"]["inline_keyboard"] for b in row}


async def test_where_to_buy(sample_bot_db, botapi, tmp_path):
    db, mode = sample_bot_db
    await load_pharmacies(db, tmp_path)
    async with running_bot(db, mode=mode, server=botapi, register_max_age_days=36500) as tg:
        server = tg.server

        # A name with no match, then one with a single match: the place is asked with the location button.
        [reply] = await tg.ask(CITIZEN, "/find Zzyzxqq", language_code="en")
        assert reply.message["text"] == said("nearby-not-found", query="Zzyzxqq")
        [ask] = await tg.ask(CITIZEN, "paracetamol", language_code="en")
        assert ask.message["text"] == said("nearby-ask-place", product="Paracetamol-UZ, 500 mg, 20")
        assert ask.params["reply_markup"]["keyboard"][0][0]["request_location"] is True

        # Near stock: within 3 km, nearest first; stale and empty shelves are not "in stock".
        server.send_location(CITIZEN, HERE.latitude, HERE.longitude, language_code="en")
        scope, page = await server.wait_for(CITIZEN, count=2)
        assert scope.message["text"] == said("nearby-within", product="Paracetamol-UZ, 500 mg, 20", km="3")
        assert scope.params["reply_markup"] == {"remove_keyboard": True}
        text = page.message["text"]
        shown = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]
        assert [text.index(name) for name in shown] == sorted(text.index(name) for name in shown)
        assert "Stale" not in text and "Empty" not in text and "Zeta" not in text
        alpha, beta, gamma, delta = (text.split(f"{n}. ")[1] for n in range(1, 5))
        assert "0.5 km" in alpha and "A few packs left" in alpha and "above the maximum price of 27" in alpha
        assert "the maximum price" in beta and "In stock" in beta
        assert "below the maximum price" in gamma and "Plenty in stock" in gamma
        assert "Price not reported" in delta
        assert text.endswith("Pharmacies 1–5")

        # The next page, and a pharmacy as a map pin.
        keys = buttons(page)
        further = NearbyPage(gtin=PARACETAMOL, lat=HERE.latitude, lon=HERE.longitude, page=1).pack()
        assert further in keys.values()
        server.press_button(CITIZEN, page, further)
        [edited] = await server.wait_for("editMessageText")
        assert "6. Zeta Apteka" in edited.message["text"] and edited.message["text"].endswith("Pharmacies 6–6")
        assert [b["text"] for b in edited.message["reply_markup"]["inline_keyboard"][-1]] == [
            said("nearby-button-previous")]
        server.press_button(CITIZEN, edited, NearbyVenue(pharmacy_id="P7").pack())
        [venue] = await server.wait_for("sendVenue")
        assert venue.params["title"] == "Zeta Apteka"
        assert abs(distance_km(HERE, venue.params["latitude"], venue.params["longitude"]) - 2.5) < 0.01

        # Far from any pharmacy: said so, with the age rule.
        await tg.ask(CITIZEN, "/find Paracetamol-UZ", language_code="en")
        server.send_location(CITIZEN, FAR.latitude, FAR.longitude, language_code="en")
        [none] = await server.wait_for(CITIZEN)
        assert none.message["text"] == said("nearby-none", product="Paracetamol-UZ, 500 mg, 20", days=3)

        # Nothing within 3 km: widened to 10 km, then to the region, and said so.
        for km_south, key, args in ((5, "nearby-widened", {"first": "3", "km": "10"}),
                                    (15, "nearby-region", {"region": "Toshkent shahri", "km": "10"})):
            await tg.ask(CITIZEN, "/find Paracetamol-UZ", language_code="en")
            server.send_location(CITIZEN, HERE.latitude - km_south / KM_PER_DEGREE, HERE.longitude, language_code="en")
            scope, page = await server.wait_for(CITIZEN, count=2)
            assert scope.message["text"] == said(key, product="Paracetamol-UZ, 500 mg, 20", **args)
            nearest = page.message["text"].split("\n")[0]
            assert nearest.startswith("1. Alpha Apteka — ") and abs(float(nearest.split()[-2]) - km_south - 0.5) <= 0.5

        # From a card's button, with a typed district (Cyrillic for a Latin address); Cancel ends a search.
        [card] = await tg.ask(CITIZEN, CODE, language_code="en")
        check_id = CheckAction.unpack(buttons(card)[said("button-nearby")]).check_id
        server.press_button(CITIZEN, card, CheckAction(action="nearby", check_id=check_id).pack())
        [ask] = await server.wait_for(CITIZEN)
        assert ask.message["text"] == said("nearby-ask-place", product="Paracetamol-UZ, 500 mg")
        [unknown] = await tg.ask(CITIZEN, "Atlantis", language_code="en")
        assert unknown.message["text"] == said("nearby-place-unknown", place="Atlantis")
        scope, page = await tg.ask(CITIZEN, "Чилонзор", count=2, language_code="en")
        assert page.message["text"].startswith("1. Epsilon Apteka — 0.0 km")
        await tg.ask(CITIZEN, "/find", language_code="en")
        [cancelled] = await tg.ask(CITIZEN, said("nearby-button-cancel"), language_code="en")
        assert cancelled.message["text"] == said("nearby-cancelled")
