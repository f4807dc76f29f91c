"""A plain clone of the project is all its tests, benchmarks, scripts and documents need: nothing
in them points outside the repository (the samples the tests read are in tests/data/)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["README.md", "pyproject.toml", "tests", "bench", "scripts", "docs", "tools", ".ci"]
OUTSIDE = re.compile(r"\.\./shared|/work/|[\"']shared[\"']\s*/\s*[\"']samples")
SKIP_DIRS = {"__pycache__", ".pytest_cache", ".hypothesis"}


def files():
    for name in CHECKED:
        path = ROOT / name
        if path.is_file():
            yield path
        elif path.is_dir():
            for f in path.rglob("*"):
                if f.is_file() and not SKIP_DIRS & set(f.relative_to(ROOT).parts) and f.suffix not in (".pyc", ".qm"):
                    yield f


def test_nothing_points_outside_the_repository():
    offenders = []
    for f in files():
        if f == Path(__file__).resolve():
            continue
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        offenders += [f"{f.relative_to(ROOT)}:{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1)
                      if OUTSIDE.search(line)]
    assert offenders == [], "\n".join(offenders)


def test_recorded_samples_are_in_the_repository_with_their_licences():
    data = ROOT / "tests" / "data"
    readme = (data / "README.md").read_text(encoding="utf-8")
    for sample in sorted((data / "emv").glob("*.json")) + sorted((data / "camt053").glob("*.xml")):
        assert sample.name in readme, f"{sample.name} has no source and licence in tests/data/README.md"
    assert len(list((data / "emv").glob("*.json"))) == 3 and len(list((data / "camt053").glob("*.xml"))) == 5
