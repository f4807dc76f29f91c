"""`teller-admin`: the administrator's command line (second composition root; never imports widgets)."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from teller.config import load_settings
from teller.domain.errors import TellerError


def _settings(args):
    return load_settings(Path(args.home) if getattr(args, "home", None) else None)


def _read_pin(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def cmd_core_serve(args) -> int:
    from teller.core.server import serve_forever

    db = args.db or str(_settings(args).home / "core-emulator.sqlite")
    serve_forever(args.port, db, args.demo, delay_ms=args.delay_ms, drop_acks=args.drop_acks,
                  clock_offset_s=args.clock_offset)
    return 0


def cmd_journal_verify(args) -> int:
    """Walks the chain; never creates a key or a store: a workstation with no key in the keyring, no
    store file or no entries is an error (exit 2), not "0 entries, intact"."""
    from teller.services.journal import verify_workstation_journal
    from teller.store.database import make_engine, make_sessionmaker
    from teller.store.file_modes import sqlite_path
    from teller.store.models import BranchJournal, WorkstationJournal
    from teller.store.secrets import existing_journal_mac_key, make_secret_store

    settings = _settings(args)
    workstation = args.workstation or settings.workstation_id
    if args.branch:
        url, model = args.url or settings.branch_store_url, BranchJournal
    else:
        url, model = args.url or settings.workstation_store_url, WorkstationJournal
    path = sqlite_path(url)
    if path is not None and not path.exists():
        print(f"journal of {workstation}: no store at {path}", file=sys.stderr)
        return 2
    key = existing_journal_mac_key(make_secret_store(settings.secrets, settings.home), workstation)
    if key is None:
        print(f"journal of {workstation}: no journal key for {workstation} in this keyring; a verification never "
              "creates one (wrong --workstation, or the keyring of another machine?)", file=sys.stderr)
        return 2
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as db:
            report = verify_workstation_journal(db, workstation, key, model)
    finally:
        engine.dispose()
    if report.ok and report.entries == 0:
        print(f"journal of {workstation}: no entries in this store (unknown workstation?)", file=sys.stderr)
        return 2
    if report.ok:
        print(f"journal of {workstation}: {report.entries} entries, chain intact")
        return 0
    print(f"journal of {workstation}: BROKEN at sequence {report.first_bad_seq}: {report.problem}")
    return 2


def cmd_demo_seed(args) -> int:
    from teller.services.demo import seed_demo_branch
    from teller.store.database import make_sessionmaker, open_store

    settings = _settings(args)
    engine = open_store(settings.branch_store_url, "branch")
    with make_sessionmaker(engine).begin() as db:
        added = seed_demo_branch(db, "demo")
    print("demo branch seeded" if added else "demo branch already present")
    return 0


def _workstation(args, *, need_core: bool = True):
    from teller.services.workstation import build_workstation
    from teller.store.secrets import make_secret_store
    from teller.sync.core_client import HttpCoreGateway

    settings = _settings(args)
    url = getattr(args, "core_url", None) or settings.core.get("url")
    if need_core and not url:
        raise TellerError("No core URL: pass --core-url or set [core] url in config.toml.")
    core = HttpCoreGateway(url) if url else None
    return build_workstation(settings, core, make_secret_store(settings.secrets, settings.home))


def cmd_outbox_drain(args) -> int:
    ws = _workstation(args)
    result = ws.outbox.resolve_pending(ignore_backoff=True)  # the administrator asks now
    print(f"settled {result['settled']}, failed {result['failed']}, still waiting {result['waiting']}")
    return 0 if result["waiting"] == 0 else 3


def cmd_badge(args) -> int:
    from teller.services.credentials import Credentials

    ws = _workstation(args, need_core=False)
    try:
        if args.action == "reinstate" and not (args.reason or "").strip():
            raise TellerError("Give the reason for lifting the blacklist (--reason).")
        supervisor = Credentials(args.supervisor_badge, _read_pin("Supervisor PIN: "))
        if args.action == "unlock":
            approver = ws.sessions.unlock_badge(supervisor, args.uid)
        elif args.action == "blacklist":
            approver = ws.sessions.blacklist_badge(supervisor, args.uid, args.reason or "")
        else:
            approver = ws.sessions.reinstate_badge(supervisor, args.uid, args.reason)
    finally:
        ws.close()
    print(f"badge {args.uid.upper()}: {args.action} done, authorised by {approver.staff_id}")
    return 0


def _authorisers(args):
    """The branch manager's badge + PIN, and the second supervisor's when given (PINs asked in turn)."""
    from teller.services.credentials import Credentials

    first = Credentials(args.manager_badge, _read_pin("Branch manager PIN: ")) if args.manager_badge else None
    second_badge = getattr(args, "second_badge", None)
    second = Credentials(second_badge, _read_pin("Second supervisor PIN: ")) if second_badge else None
    return first, second


def cmd_staff_add(args) -> int:
    from teller.services.staff import EnrolmentError

    pin = _read_pin("New PIN (6 digits): ")
    if sys.stdin.isatty() and getpass.getpass("Repeat PIN: ") != pin:
        raise EnrolmentError("The two PINs differ.")
    ws = _workstation(args, need_core=False)
    try:
        first, second = _authorisers(args)
        done = ws.staff.enrol(staff_id=args.id, name=args.name, roles=args.roles.split(","), pin=pin,
                              badge=args.badge, authoriser=first, second=second)
    finally:
        ws.close()
    print(f"staff {done.staff_id} ({done.roles}) enrolled" + (f" with badge {done.badge_uid}" if done.badge_uid else "")
          + f", authorised by {done.authorised_by}" + (f" and {done.second_by}" if done.second_by else ""))
    return 0


def cmd_staff_roles(args) -> int:
    ws = _workstation(args, need_core=False)
    try:
        first, second = _authorisers(args)
        if first is None:
            raise TellerError("A role change needs the branch manager's badge (--manager-badge).")
        done = ws.staff.change_roles(args.id, args.roles.split(","), authoriser=first, second=second,
                                     reason=args.reason or "")
    finally:
        ws.close()
    print(f"staff {done.staff_id}: roles now {done.roles}, authorised by {done.authorised_by}"
          + (f" and {done.second_by}" if done.second_by else ""))
    return 0


def cmd_staff_changes(args) -> int:
    """The staff-change register (人员及权限变更登记簿)."""
    ws = _workstation(args, need_core=False)
    try:
        rows = ws.staff.register(args.since)
    finally:
        ws.close()
    for r in rows:
        print(f"{r.at}  {r.change:<17} {r.staff_id:<8} {r.badge_uid or '':<10} {r.old_value or '-'} -> "
              f"{r.new_value or '-'}  by {r.authorised_by}{' + ' + r.second_by if r.second_by else ''}"
              f"  {r.workstation_id}  {r.reason}")
    print(f"{len(rows)} change(s)")
    return 0


def cmd_badge_enrol(args) -> int:
    ws = _workstation(args, need_core=False)
    try:
        first, _ = _authorisers(args)
        done = ws.staff.enrol_badge(args.staff, args.uid, authoriser=first)
    finally:
        ws.close()
    print(f"badge {done.badge_uid} enrolled for {done.staff_id}, authorised by {done.authorised_by}")
    return 0


def cmd_custody_list(args) -> int:
    """The register's items, keeper and place; exit 2 while any is out of the vault box (the
    end of day waits for them), so a closing script can check it."""
    ws = _workstation(args, need_core=False)
    items = ws.custody.items()
    for item in items:
        place = "in the vault box" if item.in_vault else "OUT: with its keeper"
        print(f"{item.item_id:>4}  {item.kind:<13}  {item.name}  {item.keeper_id} {item.keeper_name}  {place}")
    missing = ws.custody.missing_at_close()
    if missing:
        print(f"not in the vault box: {', '.join(i.name for i in missing)}", file=sys.stderr)
    return 2 if missing else 0


def cmd_custody_register(args) -> int:
    """A new seal, pledge-code device or blank voucher box enters the register: the non-cash head
    or the branch manager presents badge + PIN; the first keeper too when it is someone else."""
    from teller.services.credentials import Credentials

    ws = _workstation(args, need_core=False)
    registrar = Credentials(args.supervisor_badge, _read_pin("Supervisor PIN: "))
    keeper = Credentials(args.keeper_badge, _read_pin("Keeper PIN: ")) if args.keeper_badge else None
    session = ws.sessions.sign_in(registrar)
    try:
        item_id = ws.custody.register_item(session, args.kind, args.name, keeper, note=args.note)
    finally:
        ws.sessions.sign_off(session)
    print(f"{args.name} registered as item {item_id}, kept by "
          f"{next(i.keeper_id for i in ws.custody.items() if i.item_id == item_id)}")
    return 0


def cmd_sync_push(args) -> int:
    ws = _workstation(args, need_core=False)
    result = ws.replicator.push()
    print(f"journal to branch: {result.status}, {result.sent} sent, branch has up to {result.up_to_seq}"
          + (f" — {result.problem}" if result.problem else ""))
    return {"ok": 0, "refused": 2}.get(result.status, 3)


def cmd_sync_problems(args) -> int:
    ws = _workstation(args, need_core=False)
    problems = ws.replicator.branch_journal_problems(all_workstations=True)
    for p in problems:
        print(f"{p.workstation_id} seq {p.seq}: {p.kind} — {p.problem} (seen {p.times_seen}x, first {p.found_at})")
    print(f"{len(problems)} problem(s)")
    return 0 if not problems else 2


def cmd_sync_verify(args) -> int:
    ws = _workstation(args, need_core=False)
    target = args.workstation or ws.ctx.workstation_id
    report = ws.replicator.verify_branch_copy(target, ws.mac_key if target == ws.ctx.workstation_id else None)
    if report.ok:
        print(f"branch copy of {target}: {report.entries} entries, chain intact")
        return 0
    print(f"branch copy of {target}: BROKEN at sequence {report.first_bad_seq}: {report.problem}")
    return 2


def cmd_report(args) -> int:
    """An end-of-day report (日终报表) as PDF or CSV, for a supervisor's badge and PIN."""
    from printing.day_reports import render_day_report
    from teller.services.credentials import Credentials

    ws = _workstation(args, need_core=False)
    session = ws.sessions.sign_in(Credentials(args.supervisor_badge, _read_pin("Supervisor PIN: ")))
    settings = ws.ctx.settings
    try:
        day, data = render_day_report(ws.day_reports, session, args.name, args.date,
                                      bank=settings.branch["bank_name"], branch=settings.branch["branch_name"],
                                      denomination_labels={d.id: d.label for d in settings.denominations},
                                      as_csv=Path(args.out).suffix.lower() == ".csv")
    finally:
        ws.sessions.sign_off(session)
    Path(args.out).write_bytes(data)
    print(f"{args.name} of {day} written to {args.out}")
    return 0


def cmd_policy_set(args) -> int:
    """The branch manager's override of the authorisation rules (TOML, the layout of
    resources/authorisation.toml), kept in the branch store and journaled; refused whole with the
    reason when it does not parse."""
    from teller.services.credentials import Credentials
    from teller.services.policy_rules import change_rules

    text = Path(args.file).read_text(encoding="utf-8")
    ws = _workstation(args, need_core=False)
    session = ws.sessions.sign_in(Credentials(args.manager_badge, _read_pin("Branch manager PIN: ")))
    try:
        change_rules(ws.ctx, session, text)
        ws.authorisation.reload_policy()
    finally:
        ws.sessions.sign_off(session)
    print(f"authorisation rules of the branch changed by {session.staff.name}; other workstations take "
          "them at their next start")
    return 0


def _add_day_and_policy_commands(sub) -> None:
    policy = sub.add_parser("policy", help="the branch's authorisation rules").add_subparsers(dest="sub",
                                                                                           required=True)
    policy_set = policy.add_parser("set", help="override the rules with a TOML file (the branch manager's badge)")
    policy_set.add_argument("file")
    policy_set.add_argument("--manager-badge", required=True)
    policy_set.set_defaults(func=cmd_policy_set)
    report = sub.add_parser("report", help="end-of-day reports as PDF or CSV (a supervisor's badge and PIN)")
    report.add_argument("name", choices=("day-book", "balances", "large-cash", "handovers"))
    report.add_argument("--date", help="business date YYYY-MM-DD (default: today's)")
    report.add_argument("--out", required=True, help="file to write; .csv writes CSV, anything else PDF")
    report.add_argument("--supervisor-badge", required=True)
    report.set_defaults(func=cmd_report)


def build_parser() -> argparse.ArgumentParser:
    from teller.core.server import add_clock_offset_option

    parser = argparse.ArgumentParser(prog="teller-admin", description="Teller workstation administration")
    parser.add_argument("--home", help="data directory (default: TELLER_HOME or the platform's data dir)")
    sub = parser.add_subparsers(dest="command", required=True)

    core = sub.add_parser("core", help="the bundled core banking emulator").add_subparsers(dest="sub", required=True)
    serve = core.add_parser("serve", help="run the emulator (HTTP/JSON) until stopped")
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument("--db", help="ledger SQLite file")
    serve.add_argument("--demo", action="store_true", help="seed demo customer accounts")
    serve.add_argument("--delay-ms", type=int, default=0, help="fault injection: answer postings late")
    serve.add_argument("--drop-acks", action="store_true", help="fault injection: apply postings, never answer")
    add_clock_offset_option(serve)
    serve.set_defaults(func=cmd_core_serve)

    journal = sub.add_parser("journal", help="the tamper-evident journal").add_subparsers(dest="sub", required=True)
    verify = journal.add_parser("verify", help="walk the hash chain; exit 2 naming the first bad entry")
    verify.add_argument("--workstation")
    verify.add_argument("--url", help="store URL (default: this workstation's store)")
    verify.add_argument("--branch", action="store_true", help="verify the branch store's copy")
    verify.set_defaults(func=cmd_journal_verify)

    demo = sub.add_parser("demo", help="demo data").add_subparsers(dest="sub", required=True)
    demo.add_parser("seed", help="demo staff, badges and vault cash").set_defaults(func=cmd_demo_seed)

    outbox = sub.add_parser("outbox", help="postings for the core").add_subparsers(dest="sub", required=True)
    drain = outbox.add_parser("drain", help="settle every open posting with the core")
    drain.add_argument("--core-url")
    drain.set_defaults(func=cmd_outbox_drain)

    sync = sub.add_parser("sync", help="this workstation's journal at the branch store")
    sync_sub = sync.add_subparsers(dest="sub", required=True)
    sync_sub.add_parser("push", help="send new journal entries (exit 2 refused, 3 unreachable)"
                        ).set_defaults(func=cmd_sync_push)
    sync_sub.add_parser("problems", help="gaps and broken chains the branch found").set_defaults(func=cmd_sync_problems)
    sync_verify = sync_sub.add_parser("verify", help="walk the branch copy's chain (with the MAC for this workstation)")
    sync_verify.add_argument("--workstation")
    sync_verify.set_defaults(func=cmd_sync_verify)

    staff = sub.add_parser("staff", help="branch staff (authorised by the branch manager, registered)")
    staff_sub = staff.add_subparsers(dest="sub", required=True)
    add = staff_sub.add_parser("add", help="enrol a staff member (PINs read from the terminal or stdin: the new "
                                           "PIN, then the branch manager's, then the second supervisor's)")
    add.add_argument("--id", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--roles", required=True, help="comma-separated: cash_teller,cash_head,...")
    add.add_argument("--badge", help="badge UID, 10 hex characters")
    _authoriser_options(add)
    add.set_defaults(func=cmd_staff_add)
    roles = staff_sub.add_parser("roles", help="change a staff member's roles")
    roles.add_argument("id")
    roles.add_argument("--roles", required=True, help="the new comma-separated roles")
    roles.add_argument("--reason", default="")
    _authoriser_options(roles)
    roles.set_defaults(func=cmd_staff_roles)
    changes = staff_sub.add_parser("changes", help="the staff-change register")
    changes.add_argument("--since", help="ISO date or time")
    changes.set_defaults(func=cmd_staff_changes)

    custody = sub.add_parser("custody", help="seals, pledge codes and blank vouchers (印、押、证分管)")
    custody_sub = custody.add_subparsers(dest="sub", required=True)
    custody_sub.add_parser("list", help="items, keepers and places; exit 2 while any is out of the vault box"
                           ).set_defaults(func=cmd_custody_list)
    register = custody_sub.add_parser("register", help="enter a new item (the registrar's badge and PIN)")
    register.add_argument("kind", choices=["seal", "pledge_code", "blank_voucher"])
    register.add_argument("name", help="e.g. 转讫章")
    register.add_argument("--supervisor-badge", required=True, help="the non-cash head's or branch manager's")
    register.add_argument("--keeper-badge", help="the first keeper's, when not the registrar (PIN asked)")
    register.add_argument("--note", default="")
    register.set_defaults(func=cmd_custody_register)

    badge = sub.add_parser("badge", help="enrol, unlock or blacklist a staff badge")
    badge_sub = badge.add_subparsers(dest="sub", required=True)
    enrol = badge_sub.add_parser("enrol", help="enrol a badge for a staff member")
    enrol.add_argument("uid")
    enrol.add_argument("--staff", required=True)
    _authoriser_options(enrol, second=False)
    enrol.set_defaults(func=cmd_badge_enrol)
    for action, what in (("unlock", "lift a PIN lock"), ("blacklist", "blacklist a lost badge"),
                         ("reinstate", "lift a blacklist (the branch manager, with --reason)")):
        cmd = badge_sub.add_parser(action, help=f"{what} (a supervisor's badge and PIN)")
        cmd.add_argument("uid")
        cmd.add_argument("--supervisor-badge", required=True)
        cmd.add_argument("--reason", default="")
        cmd.set_defaults(func=cmd_badge, action=action)
    _add_day_and_policy_commands(sub)
    from teller.recon.cli import add_recon_commands
    add_recon_commands(sub)  # business day and reconciliation commands (teller/recon/cli.py)
    return parser


def _authoriser_options(parser, second: bool = True) -> None:
    parser.add_argument("--manager-badge", help="the branch manager's badge (PIN asked); not needed only for "
                                                "the first staff member of an empty branch")
    if second:
        parser.add_argument("--second-badge", help="a second supervisor's badge, for supervisor roles (PIN asked)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except TellerError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
