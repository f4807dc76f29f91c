"""Finds a TrueType Chinese font on this machine and registers it with reportlab.

reportlab embeds (subsets) TrueType fonts with `glyf` outlines only; OpenType-CFF
fonts such as NotoSansCJK cannot be embedded and are skipped. Search order:

1. env ``TELLER_CJK_FONT`` = ``path`` or ``path,index`` (index = face in a .ttc);
   when set it must work, there is no silent fallback;
2. WenQuanYi Zen Hei (wqy-zenhei.ttc), then WenQuanYi Micro Hei (wqy-microhei.ttc);
3. any other TrueType font in the usual font folders that covers CJK ideographs.

Nothing found raises `ConfigurationError` telling the administrator what to install.
"""
from __future__ import annotations

import os
import struct
import sys
import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

from teller.domain.errors import ConfigurationError

FONT_ENV = "TELLER_CJK_FONT"
CJK_FONT_NAME = "TellerCJK"
PREFERRED = ("wqy-zenhei.ttc", "wqy-microhei.ttc")
INSTALL_HINT = ("Administrator: install a TrueType Chinese font (`apt-get install fonts-wqy-zenhei`) "
                "or set TELLER_CJK_FONT=/path/to/font.ttc[,index]. "
                "OpenType-CFF fonts such as Noto Sans CJK cannot be embedded in PDFs.")
NOT_FOUND = "No embeddable TrueType Chinese font found for printing receipts. " + INSTALL_HINT

_lock = threading.Lock()
_registered: str | None = None


def font_dirs() -> list[Path]:
    home = Path.home()
    dirs = [home / ".local/share/fonts", home / ".fonts", Path("/usr/local/share/fonts"),
            Path("/usr/share/fonts")]
    if sys.platform == "darwin":
        dirs += [home / "Library/Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    if os.name == "nt":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs += [windir / "Fonts", Path(os.environ.get("LOCALAPPDATA", home)) / "Microsoft/Windows/Fonts"]
    return [d for d in dirs if d.is_dir()]


def _font_files() -> list[Path]:
    found: list[Path] = []
    for d in font_dirs():
        for root, _dirs, files in os.walk(d):
            found += [Path(root) / f for f in files if f.lower().endswith((".ttf", ".ttc"))]
    return sorted(set(found))


def _faces(data: bytes) -> list[int]:
    """Offsets of the font faces in a .ttf/.ttc file."""
    if data[:4] == b"ttcf":
        (count,) = struct.unpack(">I", data[8:12])
        return list(struct.unpack(f">{count}I", data[12:12 + 4 * count]))
    return [0]


def _tables(data: bytes, offset: int) -> dict[bytes, int]:
    (num,) = struct.unpack(">H", data[offset + 4:offset + 6])
    tables = {}
    for i in range(num):
        rec = offset + 12 + 16 * i
        tag, _checksum, toff, _length = struct.unpack(">4sIII", data[rec:rec + 16])
        tables[tag] = toff
    return tables


def _truetype_cjk_faces(path: Path) -> list[int]:
    """Cheap pre-check: indices of faces with glyf outlines that claim CJK ideographs (OS/2 bit 59)."""
    try:
        data = path.read_bytes()
        good = []
        for index, offset in enumerate(_faces(data)):
            tables = _tables(data, offset)
            if b"glyf" not in tables or b"CFF " in tables or b"OS/2" not in tables:
                continue
            os2 = tables[b"OS/2"]
            (range2,) = struct.unpack(">I", data[os2 + 46:os2 + 50])
            if range2 & (1 << 27):
                good.append(index)
        return good
    except (OSError, struct.error):
        return []


def _check(path: Path, index: int) -> str | None:
    """None when reportlab can embed the face and it has Chinese glyphs, else why not."""
    try:
        face = TTFontFile(str(path), subfontIndex=index, validate=0)
    except Exception as exc:  # reportlab raises TTFError, struct.error, OSError, ...
        return str(exc)
    missing = [c for c in "中国人民币壹仟元" if ord(c) not in face.charToGlyph]
    return f"no glyphs for {''.join(missing)}" if missing else None


def _from_env(value: str) -> tuple[Path, int]:
    path_s, sep, idx = value.rpartition(",")
    if not (sep and idx.strip().isdigit()):
        path_s, idx = value, "0"
    path = Path(path_s.strip()).expanduser()
    if not path.is_file():
        raise ConfigurationError(f"{FONT_ENV}={value!r}: no such font file. {INSTALL_HINT}")
    reason = _check(path, int(idx))
    if reason:
        raise ConfigurationError(f"{FONT_ENV}={value!r} cannot be embedded ({reason}). {INSTALL_HINT}")
    return path, int(idx)


def find_cjk_font() -> tuple[Path, int]:
    """(file, face index) of the font to use; raises ConfigurationError when there is none."""
    env = os.environ.get(FONT_ENV, "").strip()
    if env:
        return _from_env(env)
    files = _font_files()
    for name in PREFERRED:
        for path in files:
            if path.name.lower() == name and _check(path, 0) is None:
                return path, 0
    for path in files:
        if path.name.lower() in PREFERRED:
            continue
        for index in _truetype_cjk_faces(path):
            if _check(path, index) is None:
                return path, index
    raise ConfigurationError(NOT_FOUND)


def register_cjk_font() -> str:
    """Registers the Chinese font with reportlab once per process; returns its reportlab name."""
    global _registered
    with _lock:
        if _registered is None:
            path, index = find_cjk_font()
            pdfmetrics.registerFont(TTFont(CJK_FONT_NAME, str(path), subfontIndex=index))
            _registered = CJK_FONT_NAME
        return _registered
