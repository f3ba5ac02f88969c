"""The register mirror: published sources loaded into local tables the bot answers from."""
from pathlib import Path

DEMO_DIR = Path(__file__).with_name("demo")  # the demo register shipped with the package
