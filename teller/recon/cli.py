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


def add_recon_commands(sub: argparse._SubParsersAction) -> None:
    core = _subcommands(sub.choices["core"])
    statement = core.add_parser("statement", help="the core's end-of-day statements (camt.053.001.08 or CSV)")
    statement.add_argument("--date", required=True, help="booking day, YYYY-MM-DD")
    statement.add_argument("--format", choices=["camt053", "csv"], default="camt053")
    statement.add_argument("--account", action="append", help="also this account (repeatable)")
    statement.add_argument("--core-url")
    statement.add_argument("--out", help="file to write (default: standard output)")
    statement.set_defaults(func=cmd_core_statement)
