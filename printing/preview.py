"""A finished PDF as a PNG picture (first page) for on-screen preview, through poppler's pdftoppm."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from teller.domain.errors import ConfigurationError


def pdf_to_png(pdf: bytes, dpi: int = 110) -> bytes:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise ConfigurationError("pdftoppm is missing: install poppler-utils (scripts/setup.sh does) for previews.")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run([tool, "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", str(source),
                        str(Path(tmp) / "page")], check=True, capture_output=True, timeout=30)
        return (Path(tmp) / "page.png").read_bytes()
