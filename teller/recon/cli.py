"""`teller-admin` commands of the business day and the reconciliation, registered by one line in
teller.cli (`add_recon_commands(sub)`): `core statement`, `recon import`, `recon run`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def cmd_core_statement(args) -> int:
    import httpx

    from teller.cli import _settings

    url = args.core_url or _settings(args).core.get("url")
    if not url:
        print("error: no core URL: pass --core-url or set [core] url in config.toml", file=sys.stderr)
        return 2
    params = [("format", args.format)] + [("account", a) for a in args.account or ()]
    answer = httpx.get(f"{url.rstrip('/')}/statements/{args.date}", params=params, timeout=60)
    if answer.status_code != 200:
        print(f"error: the core answered {answer.status_code}: {answer.text}", file=sys.stderr)
        return 2
    if args.out:
        Path(args.out).write_bytes(answer.content)
        print(f"statement of {args.date} written to {args.out} ({len(answer.content)} bytes)")
    else:
        sys.stdout.buffer.write(answer.content)
    return 0


def _branch_store(args):
    from teller.cli import _settings
    from teller.store.database import open_store
    from teller.store.stores import BranchStore

    return BranchStore(open_store(args.branch_url or _settings(args).branch_store_url, "branch"))


def _clock():
    from teller.ports import SystemClock

    return SystemClock()


def cmd_recon_import(args) -> int:
    from teller.recon.importer import StatementImporter
    from teller.recon.statements import StatementRefused

    mapping = dict(pair.split("=", 1) for pair in args.map or ()) or None
    store = _branch_store(args)
    try:
        result = StatementImporter(store, _clock()).import_file(Path(args.file).read_bytes(), Path(args.file).name,
                                                                args.by, csv_mapping=mapping)
    except StatementRefused as exc:
        print(f"refused: {exc.reason}" + (f" (at {exc.position})" if exc.position else ""), file=sys.stderr)
        return 2
    finally:
        store.dispose()
    if result.already_imported:
        print(f"{args.file}: already imported (file {result.file_id}); nothing changed")
    else:
        print(f"{args.file}: {result.format}, {result.statements} statements, {result.entries} entries imported")
    return 0


def cmd_recon_run(args) -> int:
    from teller.recon.service import ReconService

    store = _branch_store(args)
    try:
        summary = ReconService(store, _clock(), verify=None).run(args.date, args.by,
                                                                 progress=lambda s: print(f"... {s}", file=sys.stderr))
    finally:
        store.dispose()
    rungs = ", ".join(f"{k} {v}" for k, v in summary.by_rung.items())
    kinds = ", ".join(f"{k} {v}" for k, v in summary.by_kind.items() if v)
    total = sum(summary.by_kind.values())
    print(f"run {summary.run_id} for {summary.business_date}: core {summary.core_entries}, branch "
          f"{summary.branch_entries}; matched: {rungs}; breaks {total}" + (f" ({kinds})" if kinds else "")
          + f"; new {summary.new_breaks}, carried {summary.carried_breaks}, cleared {summary.cleared_breaks}")
    return 0 if total == 0 else 3


def add_recon_commands(sub: argparse._SubParsersAction) -> None:
    core = _subcommands(sub.choices["core"])
    statement = core.add_parser("statement", help="the core's end-of-day statements (camt.053.001.08 or CSV)")
    statement.add_argument("--date", required=True, help="booking day, YYYY-MM-DD")
    statement.add_argument("--format", choices=["camt053", "csv"], default="camt053")
    statement.add_argument("--account", action="append", help="also this account (repeatable)")
    statement.add_argument("--core-url")
    statement.add_argument("--out", help="file to write (default: standard output)")
    statement.set_defaults(func=cmd_core_statement)

    recon = sub.add_parser("recon", help="reconciliation with the core (对账)").add_subparsers(dest="sub", required=True)
    imp = recon.add_parser("import", help="import a statement file (camt.053 or CSV); exit 2 when refused")
    imp.add_argument("file")
    imp.add_argument("--map", action="append", metavar="OURS=THEIRS",
                     help="CSV column mapping, e.g. --map amount=Betrag (repeatable)")
    imp.add_argument("--branch-url", help="branch store URL (default: the configured one)")
    imp.add_argument("--by", default="admin", help="who imports (for the record)")
    imp.set_defaults(func=cmd_recon_import)
    run = recon.add_parser("run", help="match the day's core entries and postings; exit 3 when breaks remain")
    run.add_argument("--date", required=True, help="business date, YYYY-MM-DD")
    run.add_argument("--branch-url", help="branch store URL (default: the configured one)")
    run.add_argument("--by", default="admin", help="who runs it (for the record)")
    run.set_defaults(func=cmd_recon_run)
