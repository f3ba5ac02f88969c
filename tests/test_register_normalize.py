"""Search folding, value checks and schedules: plain functions, no database."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from register.fields import RowError, day, gtin, moment, money
from register.normalize import loose_key, search_key, search_text
from register.sync import parse_schedule


def test_search_key_folds_case_yo_uzbek_cyrillic_apostrophes_and_spaces():
    assert search_key("  ПАРАЦЕТАМОЛ   Ёж ") == "paratsetamol ej"
    assert search_key("Оғриқ қолдирувчи ўсимлик") == "og'riq qoldiruvchi o'simlik"
    for spelling in ("Oʻzbekiston", "O‘zbekiston", "O’zbekiston", "O`zbekiston", "Oʼzbekiston"):
        assert search_key(spelling) == "o'zbekiston"
    assert search_key("Paracetamol-UZ") == "paracetamol uz"
    assert search_key(None) == "" and search_key("") == ""


@pytest.mark.parametrize("cyrillic, latin", [
    ("Цефтриаксон", "Ceftriaxone"), ("Амоксициллин", "Amoxicillin"), ("Карбамазепин", "Carbamazepine"),
    ("Парацетамол", "Paracetamol"), ("Ксилометазолин", "Xylometazoline"), ("Сальбутамол", "Salbutamol"),
])
def test_cyrillic_and_latin_names_meet_in_the_loose_key(cyrillic, latin):
    assert loose_key(search_key(cyrillic)) == loose_key(search_key(latin))
    assert loose_key(search_key(cyrillic)) in search_text(latin)


def test_gtin_is_padded_and_its_check_digit_checked():
    assert gtin("4780181590830") == gtin("04780181590830") == gtin(4780181590830) == "04780181590830"
    with pytest.raises(RowError, match="check digit"):
        gtin("04780181590831")
    with pytest.raises(RowError, match="digits"):
        gtin("0478018159083X")
    with pytest.raises(RowError, match="3 digits"):
        gtin("123")


def test_dates_moments_and_money():
    assert day("01.11.2026", "d") == day("2026-11-01", "d") == date(2026, 11, 1)
    with pytest.raises(RowError, match="not a date"):
        day("31.02.2026", "d")
    assert moment("2026-11-20T10:00:00+05:00", "t") == datetime(2026, 11, 20, 5, tzinfo=timezone.utc)
    assert moment("2026-11-20T10:00:00", "t") == datetime(2026, 11, 20, 5, tzinfo=timezone.utc)  # Tashkent
    assert money("27 000,50", "p") == Decimal("27000.50") and money(2.13, "p") == Decimal("2.13")
    for bad in ("abc", "-5", "NaN", "12..5"):
        with pytest.raises(RowError):
            money(bad, "p")


def test_schedules():
    assert parse_schedule("every 6h") == timedelta(hours=6)
    assert parse_schedule("every 30 min") == timedelta(minutes=30)
    assert parse_schedule("daily") == parse_schedule("every day") == timedelta(days=1)
    with pytest.raises(ValueError):
        parse_schedule("at noon")
