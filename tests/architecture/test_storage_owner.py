"""Issue 13: all SQL lives in teller/store. The services moved to the stores hold no SQL text and
no sqlalchemy import (import-linter checks the imports too, see pyproject.toml); teller/sync never
imports teller/services."""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MOVED = ("context", "workstation", "cash", "journal", "till", "passbook", "print_queue", "receipts",
         "exceptions", "demo")
SQL = re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|BEGIN\s+IMMEDIATE)\b",
                 re.IGNORECASE | re.DOTALL)


def strings_and_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield "string", node.value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield "import", alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield "import", node.module


def test_moved_services_hold_no_sql_and_no_sqlalchemy():
    found = []
    for name in MOVED:
        path = ROOT / "teller" / "services" / f"{name}.py"
        for kind, value in strings_and_imports(path):
            if kind == "import" and value.split(".")[0] == "sqlalchemy":
                found.append(f"{path.name} imports {value}")
            if kind == "string" and SQL.search(value):
                found.append(f"{path.name} holds SQL: {value[:60]!r}")
    assert found == []


def test_sync_never_imports_services_even_inside_functions():
    found = [f"{path.relative_to(ROOT)} imports {value}"
             for path in sorted((ROOT / "teller" / "sync").rglob("*.py"))
             for kind, value in strings_and_imports(path)
             if kind == "import" and value.startswith("teller.services")]
    assert found == []
