"""Language switch: our zh_CN translation (resources/i18n) plus Qt's own for standard buttons."""
from __future__ import annotations

from importlib import resources as importlib_resources

from PySide6.QtCore import QLibraryInfo, QTranslator

_installed: list[QTranslator] = []


def install_language(app, language: str) -> None:
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        return
    ours = QTranslator(app)
    path = importlib_resources.files("resources").joinpath(f"i18n/teller_{language}.qm")
    if ours.load(str(path)):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
