"""Where the tests find the project and their data files, wherever a test file lives."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
