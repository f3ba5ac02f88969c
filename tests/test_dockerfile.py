"""The image carries every package the project installs (a package moved or added must reach the Dockerfile)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_image_copies_every_package():
    include = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {pattern.rstrip("*") for pattern in include}
    copied = set(re.findall(r"^COPY (\w+) \./\1$", (REPO / "Dockerfile").read_text(), re.M))
    assert packages <= copied, f"the Dockerfile does not copy {sorted(packages - copied)}"
    assert all((REPO / name / "__init__.py").exists() for name in packages)


def test_the_image_serves_the_mini_app():
    """The page, its script and zxing-wasm installed by `npm ci` from the lockfile reach the image."""
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "COPY webapp/package.json webapp/package-lock.json ./" in dockerfile and "RUN npm ci" in dockerfile
    copied = set(re.findall(r"^COPY (?:--from=\w+ )?(\S+) \./webapp/?\S*$", dockerfile, re.MULTILINE))
    assert copied == {"webapp/index.html", "webapp/static", "/webapp/node_modules"}
