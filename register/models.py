"""Tables of the register mirror. Each published source owns its table, so a load can replace it whole."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, Boolean, Date, Float, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base, UTCDateTime


class Product(Base):
    """A pack type from the GTIN catalogue: the only bridge from a pack's GTIN to its registration."""

    __tablename__ = "products"
    gtin: Mapped[str] = mapped_column(String(14), primary_key=True)
    registration_number: Mapped[str | None] = mapped_column(String(64), index=True)
    trade_name: Mapped[str] = mapped_column(String(255))
    inn: Mapped[str | None] = mapped_column(String(255))
    form: Mapped[str | None] = mapped_column(String(255))
    strength: Mapped[str | None] = mapped_column(String(128))
    pack_size: Mapped[str | None] = mapped_column(String(128))
    manufacturer: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(128))
    atc: Mapped[str | None] = mapped_column(String(16))
    search_text: Mapped[str] = mapped_column(Text, default="")


class RegisterEntry(Base):
    """A row of the Uzbek register of medicines (keyed there by its registration certificate)."""

    __tablename__ = "register_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(64), index=True)
    trade_name: Mapped[str] = mapped_column(String(255))
    inn: Mapped[str | None] = mapped_column(String(255))
    form: Mapped[str | None] = mapped_column(Text)
    atc: Mapped[str | None] = mapped_column(String(16))
    manufacturer: Mapped[str | None] = mapped_column(String(255))
    source_id: Mapped[str | None] = mapped_column(String(64))
    search_text: Mapped[str] = mapped_column(Text, default="")


class Registration(Base):
    """A registration certificate's life: dates and status."""

    __tablename__ = "registrations"
    number: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(128))
    registered_on: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # valid, suspended, expired, annulled


class Batch(Base):
    """A batch (series) released by a quality certificate."""

    __tablename__ = "batches"
    __table_args__ = (Index("ix_batches_reg_series", "registration_number", "series"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registration_number: Mapped[str | None] = mapped_column(String(64))
    series: Mapped[str] = mapped_column(String(64))
    product_title: Mapped[str | None] = mapped_column(String(255))
    certificate_number: Mapped[str | None] = mapped_column(String(64))
    certificate_date: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str | None] = mapped_column(String(255))
    manufacturer: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(128))
    importer: Mapped[str | None] = mapped_column(String(255))
    expiry: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="valid")


class MaxPrice(Base):
    """A regulated maximum price, by registration number and/or GTIN."""

    __tablename__ = "max_prices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(32), index=True)  # uz-prices, ru-znvlp
    registration_number: Mapped[str | None] = mapped_column(String(64), index=True)
    gtin: Mapped[str | None] = mapped_column(String(14), index=True)
    trade_name: Mapped[str | None] = mapped_column(String(255))
    pack: Mapped[str | None] = mapped_column(Text)
    retail_price: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    wholesale_price: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    currency: Mapped[str] = mapped_column(String(3))
    effective_date: Mapped[date | None] = mapped_column(Date)


class CodeStatus(Base):
    """One pack code's place in its life cycle; the primary key makes a lookup O(log n)."""

    __tablename__ = "code_statuses"
    gtin: Mapped[str] = mapped_column(String(14), primary_key=True)
    serial: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # applied, in_circulation, withdrawn
    reason: Mapped[str | None] = mapped_column(String(24))
    batch: Mapped[str | None] = mapped_column(String(64))
    expiry: Mapped[date | None] = mapped_column(Date)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Pharmacy(Base):
    """A licensed pharmacy and where it is; the `pharmacies` source replaces the table on each load."""

    __tablename__ = "pharmacies"
    # A nearby search reads a latitude band of this index, filters longitude (and region) inside it, and takes
    # the id from it too: it never visits the table for a pharmacy it does not show (pharmacies/nearby.py).
    __table_args__ = (Index("ix_pharmacies_lat_lon", "latitude", "longitude", "id", "region"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the source's id; short enough for a button
    name: Mapped[str] = mapped_column(String(255))
    address: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(128), index=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    phone: Mapped[str | None] = mapped_column(String(64))
    hours: Mapped[str | None] = mapped_column(String(255))
    licence: Mapped[str | None] = mapped_column(String(64))
    search_text: Mapped[str] = mapped_column(Text, default="")  # region and address, for a typed district


class Stock(Base):
    """What a pharmacy reported it holds of one GTIN; incremental like code statuses (a later report wins).

    No foreign key to `pharmacies`: that table is replaced whole, and a search joins the two.
    """

    __tablename__ = "stock"
    # On SQLite the rows live in the primary key's tree: a lookup by (gtin, pharmacy) reads one page, not two.
    __table_args__ = {"sqlite_with_rowid": False}
    gtin: Mapped[str] = mapped_column(String(14), primary_key=True)  # first: a search looks up (gtin, pharmacy)
    pharmacy_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)
    price: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    currency: Mapped[str] = mapped_column(String(3))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SourceState(Base):
    """What the mirror holds of each source: its data date, and what HTTP caching needs."""

    __tablename__ = "source_states"
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    data_date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    location: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(64))


# The recall list: from the register feed, or issued by an operator in the bot. Verdicts read it.
class Recall(Base):
    __tablename__ = "recalls"
    __table_args__ = (Index("ix_recalls_gtin_batch", "gtin", "batch"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gtin: Mapped[str] = mapped_column(String(14))
    batch: Mapped[str | None] = mapped_column(String(64))  # None: every batch of the GTIN
    reason: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8))  # low, medium, high
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notice: Mapped[str] = mapped_column(Text, default="")
    notices: Mapped[dict | None] = mapped_column(JSON)  # per language, when the operator wrote several
    source: Mapped[str] = mapped_column(String(16), default="feed")  # feed, operator
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Leaflet(Base):
    """A medicine's instructions (patient leaflet) in one language, by GTIN or registration number."""

    __tablename__ = "leaflets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gtin: Mapped[str | None] = mapped_column(String(14), index=True)
    registration_number: Mapped[str | None] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(2))
    location: Mapped[str] = mapped_column(Text)  # an http(s) URL or an absolute local path
    title: Mapped[str] = mapped_column(String(255))
    published_on: Mapped[date | None] = mapped_column(Date)


class LeafletFile(Base):
    """A leaflet once uploaded to Telegram: its file_id is sent again instead of the file.

    Kept apart from `leaflets` so reloading that source (it replaces) keeps the uploads; a new date
    for the same location means a new version, uploaded afresh.
    """

    __tablename__ = "leaflet_files"
    location: Mapped[str] = mapped_column(String(1024), primary_key=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    file_id: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int | None] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
