"""The one-way import rule of design.md, checked twice: import-linter's contracts
(pyproject.toml) and an AST walk that also catches imports inside functions."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, node.module


def offenders(package: str, forbidden: tuple[str, ...], exempt: tuple[str, ...] = ()):
    return [f"{path.relative_to(ROOT)} imports {module}" for path, module in imported_modules(package)
            if module.split(".")[0] in forbidden and not str(path.relative_to(ROOT)).startswith(exempt)]


def test_import_linter_contracts_hold():
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--config", str(ROOT / "pyproject.toml")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_teller_never_imports_ui_devices_or_printing():
    assert offenders("teller", ("widgets", "devices", "printing", "PySide6"), exempt=("teller/cli.py",)) == []


def test_teller_cli_never_imports_widgets():
    assert [o for o in offenders("teller", ("widgets", "PySide6")) if "cli.py" in o] == []


def test_domain_uses_the_standard_library_only():
    allowed = set(sys.stdlib_module_names) | {"teller"}
    bad = [f"{p.relative_to(ROOT)} imports {m}" for p, m in imported_modules("teller/domain")
           if m.split(".")[0] not in allowed]
    assert bad == []


def test_only_widgets_imports_pyside6():
    for package in ("teller", "devices", "printing"):
        assert offenders(package, ("PySide6",)) == []
    assert offenders("devices", ("widgets",)) == [] and offenders("printing", ("widgets",)) == []
