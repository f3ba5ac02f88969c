"""What the loader needs to know about one kind of source."""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from datetime import tzinfo

from sqlalchemy import Table

from register.fields import TASHKENT
from register.readers import Document, Record

Row = dict[str, object]  # one checked row, keyed by column name


@dataclass(frozen=True)
class Kind:
    """One source kind: how to read it, check a record, and write the rows."""

    name: str
    table: Table
    columns: tuple[str, ...]                          # the keys of every row `parse` returns
    read: Callable[[Document], Iterator[Record]]
    parse: Callable[[dict], Row | list[Row]]          # raises RowError; a list when one record makes several rows
    write: str = "replace"                            # replace | upsert (code-status) | merge (recalls)
    scope: dict = field(default_factory=dict)         # a replace touches only rows with these values
    key: Callable[[dict, Row], Hashable | None] | None = None  # two rows with one key: the second is rejected
    drop_repeats: bool = False                        # identical rows are dropped instead (the same price on two sheets)
    dated: str | None = None                          # the column whose latest value dates the data
    fetch: str = "file"                               # datatables | pageable | file: how a URL is paged
    zone: tzinfo = TASHKENT                           # where a bare date of this source is midnight
    file_suffix: str = ""                             # for a downloaded file, when the URL has none to trust
    about: str = ""                                   # what the source is and its format (`medcheck import --help`)
