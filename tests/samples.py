"""Where the recorded samples the tests read live: inside the repository (tests/data/, sources and
licences in tests/data/README.md), so a plain clone runs every test."""
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
EMV_TRACES = DATA / "emv"  # contact chip card APDU traces, JSON
CAMT053 = DATA / "camt053"  # ISO 20022 bank-to-customer statements
