"""Complaint rules without Telegram or a database: prices, the excess, the steps, EXIF, export filters."""
import io
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image

from complaints.draft import ComplaintDraft, PhotoRef, ProductFacts, is_complete
from complaints.export import FilterError, parse_filter
from complaints.images import ImageRefused, clean_image
from complaints.money import PriceError, compute_excess, parse_price
from complaints.outbox import retry_delay
from handlers.complaint import COMPLAINT


@pytest.mark.parametrize("text, amount", [
    ("45 000", "45000"),
    ("45,000 so'm", "45000"),
    ("45,000 soʻm", "45000"),
    ("45000.50", "45000.50"),
    ("45 000 сум", "45000"),
    ("45\u00a0000\u00a0сум", "45000"),
    ("45000", "45000"),
    ("45.000", "45000"),
    ("1 250 000,50", "1250000.50"),
    ("1,234.56", "1234.56"),
    ("1.234,56", "1234.56"),
    ("45000,5", "45000.50"),
    ("27000 UZS", "27000"),
    ("350 сом", "350"),
    ("0.5", "0.50"),
    ("0.01", "0.01"),             # the smallest coin
    ("1.001", "1001"),            # a leading 1 does group thousands
    ("  12 500 so'm. ", "12500"),
])
def test_prices_as_citizens_type_them(text, amount):
    assert parse_price(text) == Decimal(amount)


@pytest.mark.parametrize("text, reason", [
    ("abc", "not_a_number"),
    ("", "not_a_number"),
    ("45 000 dollars", "not_a_number"),
    ("about 45000", "not_a_number"),
    ("45 00", "not_a_number"),
    ("1e5", "not_a_number"),
    ("45000.505", "too_precise"),
    ("0.001", "too_precise"),     # not "0,001" thousands: a group never starts a number with 0
    ("0,001 so'm", "too_precise"),
    ("1,234.567", "too_precise"),
    ("12,34,567", "not_a_number"),
    ("0", "zero"),
    ("0,00 сум", "zero"),
    ("-45000", "negative"),
    ("−500 so'm", "negative"),
    ("999999999999", "too_large"),
    ("100 000 001", "too_large"),
])
def test_prices_refused_with_a_reason(text, reason):
    with pytest.raises(PriceError) as caught:
        parse_price(text)
    assert caught.value.reason == reason


def test_excess_over_the_cap_in_amount_and_percent():
    excess = compute_excess(Decimal("45000"), Decimal("27000"))
    assert excess.verdict == "over_cap"
    assert excess.amount == Decimal("18000.00")
    assert excess.percent == Decimal("66.7")


def test_excess_rounds_half_up_to_a_tenth():
    assert compute_excess(Decimal("100.05"), Decimal("100")).percent == Decimal("0.1")
    assert compute_excess(Decimal("100.04"), Decimal("100")).percent == Decimal("0.0")


def test_a_price_within_the_cap_is_marked_so():
    assert compute_excess(Decimal("27000"), Decimal("27000")).verdict == "within_cap"
    excess = compute_excess(Decimal("20000"), Decimal("27000"))
    assert (excess.verdict, excess.amount) == ("within_cap", Decimal("0.00"))


def test_no_cap_cannot_be_judged():
    assert compute_excess(Decimal("1000"), None).verdict == "no_cap"
    assert compute_excess(Decimal("1000"), Decimal("0")).verdict == "no_cap"


def test_price_complaint_steps_from_a_check_and_from_search():
    from_check = ComplaintDraft.for_price(ProductFacts(name="X", max_price=Decimal("10")))
    assert COMPLAINT.order(from_check) == ["price", "pharmacy", "receipt", "pack", "phone", "confirm"]
    assert COMPLAINT.previous(from_check, "price") == "price"
    assert COMPLAINT.next(from_check, "phone") == "confirm"
    assert COMPLAINT.next(from_check, "confirm") == "confirm"
    assert COMPLAINT.order(ComplaintDraft.for_price())[0] == "product"


def test_a_report_skips_the_price():
    draft = ComplaintDraft.for_report(ProductFacts(name="X"))
    assert COMPLAINT.order(draft) == ["report_kind", "pharmacy", "receipt", "pack", "phone", "confirm"]
    assert COMPLAINT.previous(draft, "pharmacy") == "report_kind"


def test_draft_survives_the_json_round_trip():
    draft = ComplaintDraft.for_price(ProductFacts(name="Paracetamol", gtin="04780181590830",
                                                  max_price=Decimal("27000"), currency="UZS", check_id=3))
    draft.price_paid, draft.pharmacy = Decimal("45000.50"), "Apteka 1"
    draft.receipt = PhotoRef("file", "unique")
    import json
    again = ComplaintDraft.from_dict(json.loads(json.dumps(draft.to_dict())))
    assert again == draft
    assert is_complete(again)
    again.receipt = None
    assert not is_complete(again)


def _jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (640, 480), (200, 180, 160))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"       # Make
    exif[0x0112] = 6                   # Orientation: rotate 90
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (41.0, 18.0, 0.0), "E", (69.0, 16.0, 0.0)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_stored_images_carry_no_exif_and_stand_upright():
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the sample does carry GPS
    clean = clean_image(original)
    stored = Image.open(io.BytesIO(clean.data))
    assert not stored.getexif() and "exif" not in stored.info
    assert b"Exif" not in clean.data and b"PhoneMaker" not in clean.data
    assert (clean.width, clean.height) == (480, 640)  # the orientation tag was applied, then dropped


def test_big_images_are_scaled_and_garbage_refused():
    out = io.BytesIO()
    Image.new("RGB", (5000, 1000)).save(out, "PNG")
    clean = clean_image(out.getvalue())
    assert (clean.width, clean.height) == (2560, 512)
    with pytest.raises(ImageRefused) as caught:
        clean_image(b"%PDF-1.4 not an image")
    assert caught.value.reason == "not_an_image"


def test_export_filters_read_from_a_command():
    flt = parse_filter("since=2026-01-01 status=closed,rejected product=Paracetamol UZ")
    assert flt.since == date(2026, 1, 1) and flt.until is None
    assert flt.statuses == ("closed", "rejected")
    assert flt.product == "Paracetamol UZ"
    assert parse_filter("") == parse_filter("   ")
    for bad, field in (("since=yesterday", "since"), ("status=lost", "status"), ("kind=x", "kind"),
                       ("hello", "filter")):
        with pytest.raises(FilterError) as caught:
            parse_filter(bad)
        assert caught.value.field == field


def test_backoff_grows_and_is_capped():
    assert [retry_delay(n, 2, 600) for n in (1, 2, 3)] == [2, 4, 8]
    assert retry_delay(30, 2, 600) == 600
