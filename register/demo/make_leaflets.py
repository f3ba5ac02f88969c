"""Renders the demo register's leaflets (register/demo/leaflets/*.pdf) and leaflets.csv: sample pages, not real ones.

    python register/demo/make_leaflets.py      # needs Pillow and the DejaVu fonts
"""
from __future__ import annotations

import csv
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# (file, GTIN or "", registration number or "", language, title, date, body)
LEAFLETS = (
    ("paracetamol_ru.pdf", "", "DV/X 03471/07/24", "ru", "Парацетамол-UZ, таблетки 500 мг: инструкция", "2024-07-15",
     "Показания: боль, лихорадка. Взрослым по 1 таблетке до 4 раз в сутки, не чаще чем через 4 часа."),
    ("paracetamol_uz.pdf", "", "DV/X 03471/07/24", "uz", "Paratsetamol-UZ, 500 mg tabletkalar: yoʻriqnoma",
     "2024-07-15", "Qoʻllanilishi: ogʻriq, isitma. Kattalarga 1 tabletkadan kuniga 4 martagacha."),
    ("amoksiklav_ru.pdf", "05403186091391", "", "ru", "Амоксиклав 875/125 мг: инструкция", "2023-03-01",
     "Антибиотик. Принимать по назначению врача, в начале приёма пищи."),
    ("ceftriakson_en.pdf", "04784911862525", "", "en", "Ceftriaxone 1 g powder for injection: leaflet", "2022-12-20",
     "For injection only, by a health professional. Do not use if you are allergic to cephalosporins."),
    ("ibuprofen_ru.pdf", "08693518190930", "", "ru", "Ибупрофен Форте 400 мг: инструкция", "2023-10-05",
     "Обезболивающее и противовоспалительное. По 1 таблетке до 3 раз в сутки после еды."),
)


def render(path: Path, title: str, body: str) -> None:
    page = Image.new("L", (420, 595), 255)  # A5 at 72 dpi
    draw = ImageDraw.Draw(page)
    draw.text((30, 30), "\n".join(textwrap.wrap(title, 34)), font=ImageFont.truetype(FONT, 18), fill=0)
    draw.text((30, 120), "\n".join(textwrap.wrap(body, 44)), font=ImageFont.truetype(FONT, 13), fill=0)
    draw.text((30, 555), "DEMO — not a real leaflet", font=ImageFont.truetype(FONT, 11), fill=90)
    page.save(path, "PDF", resolution=72.0)


def main() -> None:
    (HERE / "leaflets").mkdir(exist_ok=True)
    with open(HERE / "leaflets.csv", "w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(("gtin", "registration_number", "language", "url", "title", "date"))
        for name, gtin, number, language, title, day, body in LEAFLETS:
            render(HERE / "leaflets" / name, title, body)
            rows.writerow((gtin, number, language, f"leaflets/{name}", title, day))


if __name__ == "__main__":
    main()
