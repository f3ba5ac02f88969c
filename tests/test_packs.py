"""The carton photos the suite renders for itself: the same spec gives the same photo, they are
rendered once, and again when their specs change."""
from __future__ import annotations

import json
import shutil

from tests.conftest import PACKS
from tests.packs import photos, specs


def test_photos_are_rendered_once_and_again_when_their_specs_change(tmp_path):
    rows = [row for row in specs(PACKS) if row["file"] in ("pack_000.jpg", "nocode_0.jpg")]
    shutil.copy(PACKS / "gtin_catalogue.csv", tmp_path)

    def write_specs() -> None:
        (tmp_path / "photos.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")

    write_specs()
    rendered = photos(tmp_path)
    assert sorted(p.name for p in rendered.glob("*.jpg")) == ["nocode_0.jpg", "pack_000.jpg"]
    first = (rendered / "pack_000.jpg").read_bytes()
    assert first == (PACKS / "photos" / "pack_000.jpg").read_bytes()  # one spec, one photo
    stamp = (rendered / "pack_000.jpg").stat().st_mtime_ns

    assert photos(tmp_path) == rendered and (rendered / "pack_000.jpg").stat().st_mtime_ns == stamp

    rows[0] = {**rows[0], "blur": 0.4 if rows[0]["blur"] != 0.4 else 0}
    write_specs()
    assert (photos(tmp_path) / "pack_000.jpg").read_bytes() not in (first, b"")

