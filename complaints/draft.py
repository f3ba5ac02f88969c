"""A complaint being written: what the citizen has said so far, and whether it is complete.

The draft lives in the conversation storage (database or Redis) as a plain dict, so it survives a
restart; photos are kept there only as Telegram file ids until the citizen confirms. Which question
comes next is the conversation's business (handlers/complaint.py, COMPLAINT).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from uuid import uuid4

REPORT_KINDS = ("counterfeit", "withdrawn", "damaged", "other")
KINDS = ("overprice", *REPORT_KINDS)


@dataclass(frozen=True)
class ProductFacts:
    """The medicine a complaint is about, and its maximum price when the register has one."""

    name: str | None
    gtin: str | None = None
    registration_number: str | None = None
    serial: str | None = None
    batch: str | None = None
    max_price: Decimal | None = None
    currency: str | None = None
    check_id: int | None = None


@dataclass
class PhotoRef:
    file_id: str
    file_unique_id: str
    is_document: bool = False


@dataclass
class ComplaintDraft:
    report: bool = False                 # a problem with a pack, not a price
    kind: str | None = None              # overprice, or one of REPORT_KINDS once chosen
    from_search: bool = False            # started by /complaint: the product is asked first
    product: ProductFacts | None = None
    price_paid: Decimal | None = None
    pharmacy: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    receipt: PhotoRef | None = None
    pack: PhotoRef | None = None
    phone: str | None = None
    matches: list[dict] = field(default_factory=list)  # the last search's results, picked by index
    # Names this draft: storing it again (Send pressed after a restart) finds the complaint it became.
    key: str = field(default_factory=lambda: uuid4().hex)

    @classmethod
    def for_price(cls, product: ProductFacts | None = None) -> "ComplaintDraft":
        return cls(kind="overprice", product=product, from_search=product is None)

    @classmethod
    def for_report(cls, product: ProductFacts) -> "ComplaintDraft":
        return cls(report=True, product=product)

    def to_dict(self) -> dict:
        """JSON-ready: decimals as strings."""
        data = asdict(self)
        data["price_paid"] = _text(self.price_paid)
        data["product"] = product_to_dict(self.product) if self.product else None
        return data

    def match(self, index: int) -> ProductFacts | None:
        """One of the last search's results."""
        return product_from_dict(self.matches[index]) if 0 <= index < len(self.matches) else None

    @classmethod
    def from_dict(cls, data: dict) -> "ComplaintDraft":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("product"):
            values["product"] = product_from_dict(values["product"])
        values["price_paid"] = _decimal(values.get("price_paid"))
        for name in ("receipt", "pack"):
            if values.get(name):
                values[name] = PhotoRef(**values[name])
        return cls(**values)


def product_to_dict(product: ProductFacts) -> dict:
    data = asdict(product)
    data["max_price"] = _text(product.max_price)
    return data


def product_from_dict(data: dict) -> ProductFacts:
    known = {f.name for f in fields(ProductFacts)}
    values = {k: v for k, v in data.items() if k in known}
    values["max_price"] = _decimal(values.get("max_price"))
    return ProductFacts(**values)


def is_complete(draft: ComplaintDraft) -> bool:
    """Everything a complaint must carry: its kind, a price for overprice, a pharmacy and a receipt."""
    if draft.kind not in KINDS or draft.receipt is None:
        return False
    if draft.pharmacy is None and draft.latitude is None:
        return False
    return draft.report or draft.price_paid is not None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
