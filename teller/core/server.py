"""HTTP/JSON API of the core emulator, on the stdlib ThreadingHTTPServer, bound to 127.0.0.1.

    python -m teller.core.server --port 8470 --db core.sqlite [--demo]
                                 [--delay-ms N] [--drop-acks]
                                 [--fail-rate P] [--fail-after-apply-rate P] [--seed N]
                                 [--clock-offset SECONDS]

Fault injection (for fault tests): `--delay-ms` (or TELLER_CORE_DELAY_MS) applies each
posting at once but answers N ms later; `--drop-acks` (or TELLER_CORE_DROP_ACKS=1) applies
each posting and then closes the connection without answering; `--fail-rate P` (or
TELLER_CORE_FAIL_RATE) answers HTTP 500 to a fraction P of POST /postings before applying
them; `--fail-after-apply-rate P` (or TELLER_CORE_FAIL_AFTER_APPLY_RATE) applies and then
answers 500. Both draw from one random generator seeded by `--seed` (TELLER_CORE_SEED).

`--clock-offset SECONDS` (or TELLER_CORE_CLOCK_OFFSET) runs the core's clock that far ahead
of this machine's (negative: behind): posting times, core references and GET /clock's `now`
(clock-skew tests between the workstation and the core).

Every answer about a posting (POST /postings, GET /postings/KEY, the reversal) carries what
is behind the key as well (account, direction, amount_fen, tx_code, workstation, teller). POST /postings/KEY/reversal may carry the same
fields as a JSON body: the reversal is then refused (409 idempotency_conflict) when the key
holds another posting. GET /ledger lists every posting in arrival order. GET /statements/YYYY-MM-DD?format=camt053|csv
[&account=A...] answers the end-of-day statements of that booking day (teller.core.statement).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from teller.core.ledger import (MAX_AMOUNT_FEN, AccountExists, InvalidRequest, KeyConflict,
                                Ledger, UnknownAccount, seed_demo)

HOST = "127.0.0.1"
MAX_BODY_BYTES = 1 << 20  # no request of this API comes near 1 MiB
MAX_JSON_DEPTH = 32  # our bodies are flat objects; deep nesting is an attack, not a request
MAX_NUMBER_DIGITS = 40  # far above any amount; Python itself stops at 4,300 with a ValueError
POSTING_FIELDS = ("key", "account", "direction", "amount_fen", "tx_code", "workstation", "teller")


@dataclass(frozen=True)
class Faults:
    delay_ms: int = 0
    drop_acks: bool = False
    fail_rate: float = 0.0  # answer 500 before applying, to this fraction of postings
    fail_after_apply_rate: float = 0.0  # apply, then answer 500
    seed: int | None = None


class _FaultDice:
    """Seeded, thread-safe draws for the fault rates (the same seed, the same sequence)."""

    def __init__(self, seed: int | None):
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def hit(self, rate: float) -> bool:
        if rate <= 0:
            return False
        with self._lock:
            return self._random.random() < rate


class _BadRequest(Exception):
    pass


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _BadRequest(f"a number longer than {MAX_NUMBER_DIGITS} digits")
    return int(text)


def _refuse_float(text: str):
    raise _BadRequest("amounts are integer fen: no fractions or exponents")


def _refuse_constant(text: str):
    raise _BadRequest(f"{text} is not a number this API accepts")


def _json_depth_exceeds(raw: bytes, limit: int) -> bool:
    """True when brackets nest deeper than `limit` (outside strings): checked before json.loads,
    whose recursion would otherwise be the limit."""
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def _refuse_surrogates(value: object) -> None:
    """A lone surrogate (\\ud800 in JSON) is no text: it cannot be stored or answered in UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _BadRequest("a string holds a lone surrogate: not valid Unicode text") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _refuse_surrogates(k)
            _refuse_surrogates(v)
    elif isinstance(value, list):
        for v in value:
            _refuse_surrogates(v)


def parse_json_body(raw: bytes) -> dict:
    """The request body as a JSON object of text, integers, booleans and null, or _BadRequest
    (never an exception that would become a 500)."""
    if _json_depth_exceeds(raw, MAX_JSON_DEPTH):
        raise _BadRequest(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        body = json.loads(raw.decode("utf-8"), parse_int=_parse_int, parse_float=_refuse_float,
                          parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise _BadRequest("malformed JSON") from None
    if not isinstance(body, dict):
        raise _BadRequest("the body must be a JSON object")
    _refuse_surrogates(body)
    return body


class CoreHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, ledger: Ledger, faults: Faults = Faults()):
        super().__init__((HOST, port), CoreRequestHandler)
        self.ledger = ledger
        self.faults = faults
        self.dice = _FaultDice(faults.seed)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


class CoreRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes
    server: CoreHTTPServer
    server_version = "TellerCoreEmulator/1"

    def log_message(self, format: str, *args) -> None:  # quiet: requests carry account numbers
        pass

    # -- plumbing ----------------------------------------------------------------------
    def _segments(self) -> list[str]:  # the query string (statements) is read by its route
        path = urlsplit(self.path).path
        return [unquote(s) for s in path.split("/") if s]

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _read_body(self) -> None:
        """Reads the whole body up front so a keep-alive connection stays in step."""
        self._raw = b""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            raise _BadRequest("invalid Content-Length") from None
        if length < 0 or length > MAX_BODY_BYTES:
            self.close_connection = True
            raise _BadRequest(f"the body must be 0..{MAX_BODY_BYTES} bytes")
        if length > 0:
            self._raw = self.rfile.read(length)

    def _json_body(self) -> dict:
        return parse_json_body(self._raw)

    def _dispatch(self, method: str) -> None:
        try:
            self._read_body()
            self._route(method, self._segments())
        except _BadRequest as exc:
            self._send(400, {"error": str(exc)})
        except InvalidRequest as exc:
            self._send(400, {"error": str(exc)})
        except KeyConflict as exc:
            self._send(409, {"error": "idempotency_conflict", "message": str(exc)})
        except UnknownAccount:
            self._send(404, {"error": "unknown_account"})
        except AccountExists:
            self._send(409, {"error": "account_exists"})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # noqa: BLE001 - the emulator answers 500, like a real core
            print(f"core emulator: internal error: {exc!r}", file=sys.stderr, flush=True)
            self._send(500, {"error": "internal_error"})

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    # -- routes ------------------------------------------------------------------------
    def _route(self, method: str, seg: list[str]) -> None:
        ledger = self.server.ledger
        if method == "GET" and seg == ["health"]:
            return self._send(200, {"status": "ok"})
        if method == "GET" and seg == ["clock"]:
            return self._send(200, {"now": ledger.now().isoformat(timespec="microseconds")})
        if method == "GET" and seg == ["ledger"]:
            return self._send(200, [p.to_dict() for p in ledger.ledger_entries()])
        if method == "GET" and len(seg) == 2 and seg[0] == "statements":
            return self._statement(seg[1])
        if method == "GET" and len(seg) == 2 and seg[0] == "accounts":
            account = ledger.get_account(seg[1])
            if account is None:
                return self._send(404, {"error": "unknown_account"})
            return self._send(200, account.to_dict())
        if method == "POST" and seg == ["accounts"]:
            body = self._json_body()
            if "account" not in body or "name" not in body:
                raise _BadRequest("missing field: account and name are required")
            created = ledger.create_account(body["account"], body["name"],
                                            body.get("balance_fen", 0),
                                            body.get("currency", "CNY"),
                                            body.get("status", "active"))
            return self._send(201, created.to_dict())
        if method == "POST" and len(seg) == 3 and seg[0] == "accounts" and seg[2] == "status":
            body = self._json_body()
            if "status" not in body:
                raise _BadRequest("missing field: status")
            return self._send(200, ledger.set_status(seg[1], body["status"]).to_dict())
        if method == "POST" and seg == ["cards", "lookup"]:  # the PAN in the body, never in a URL or log
            pan = self._json_body().get("pan")
            if not isinstance(pan, str):
                raise _BadRequest("missing field: pan")
            account = ledger.account_for_card(pan)
            if account is None:
                return self._send(404, {"error": "unknown_card"})
            return self._send(200, account.to_dict())
        if method == "POST" and seg == ["postings"]:
            return self._post_posting(self._json_body())
        if method == "GET" and len(seg) == 2 and seg[0] == "postings":
            posting = ledger.get_posting(seg[1])
            if posting is None:
                return self._send(404, {"error": "unknown_posting"})
            return self._send(200, posting.lookup())
        if method == "POST" and len(seg) == 3 and seg[0] == "postings" and seg[2] == "reversal":
            posting = ledger.reverse(seg[1], self._json_body() if self._raw else None)
            if posting is None:
                return self._send(200, {"key": seg[1], "status": "tombstoned"})
            return self._send(200, posting.lookup())
        self._send(404, {"error": "not_found"})

    def _statement(self, business_date: str) -> None:
        """GET /statements/YYYY-MM-DD?format=camt053|csv&account=A&account=B: the day's statements."""
        from teller.core.statement import statements_for, to_camt053, to_csv

        query = parse_qs(urlsplit(self.path).query)
        fmt = (query.get("format") or ["camt053"])[0]
        if fmt not in ("camt053", "csv"):
            raise _BadRequest("format is camt053 or csv")
        try:
            statements = statements_for(self.server.ledger, business_date, query.get("account"))
        except ValueError:
            raise _BadRequest(f"not a date: {business_date!r} (YYYY-MM-DD)") from None
        if fmt == "csv":
            data, ctype = to_csv(statements).encode("utf-8"), "text/csv; charset=utf-8"
        else:
            now = self.server.ledger.now()
            message_id = f"CORE-EOD-{business_date.replace('-', '')}-{now:%H%M%S%f}"
            data, ctype = to_camt053(statements, message_id, now), "application/xml"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _post_posting(self, body: dict) -> None:
        missing = [f for f in POSTING_FIELDS if f not in body]
        if missing:
            raise _BadRequest(f"missing field: {', '.join(missing)}")
        if type(body["amount_fen"]) is not int:
            raise _BadRequest("amount_fen must be an integer number of fen")
        faults, dice = self.server.faults, self.server.dice
        if dice.hit(faults.fail_rate):  # failed before applying anything
            return self._send(500, {"error": "internal_error", "injected": "before_apply"})
        posting = self.server.ledger.post(**{f: body[f] for f in POSTING_FIELDS})
        if dice.hit(faults.fail_after_apply_rate):  # applied, but the caller hears a failure
            return self._send(500, {"error": "internal_error", "injected": "after_apply"})
        if faults.drop_acks:  # applied, but the answer is lost on the way back
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if faults.delay_ms > 0:
            time.sleep(faults.delay_ms / 1000)
        self._send(200, posting.lookup())


class RunningCore:
    """A core emulator serving from a background thread of this process."""

    def __init__(self, httpd: CoreHTTPServer, ledger: Ledger):
        self.httpd, self.ledger = httpd, ledger
        self._thread = threading.Thread(target=httpd.serve_forever, args=(0.1,),
                                        name="core-emulator", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return self.httpd.url

    @property
    def port(self) -> int:
        return self.httpd.port

    def shutdown(self) -> None:
        self.httpd.shutdown()
        self._thread.join()
        self.httpd.server_close()
        self.ledger.close()


def start_server(port: int, db_path: str, demo: bool = False, *, delay_ms: int = 0,
                 drop_acks: bool = False, fail_rate: float = 0.0, fail_after_apply_rate: float = 0.0,
                 seed: int | None = None, clock_offset_s: float = 0.0,
                 max_amount_fen: int = MAX_AMOUNT_FEN) -> RunningCore:
    """Open the ledger, bind 127.0.0.1:port (0 = any free port) and serve in a thread."""
    ledger = Ledger(db_path, clock_offset_s, max_amount_fen)
    try:
        if demo:
            seed_demo(ledger)
        httpd = CoreHTTPServer(port, ledger, Faults(delay_ms=delay_ms, drop_acks=drop_acks,
                                                    fail_rate=fail_rate,
                                                    fail_after_apply_rate=fail_after_apply_rate,
                                                    seed=seed))
    except BaseException:
        ledger.close()
        raise
    return RunningCore(httpd, ledger)


def serve_forever(port: int, db_path: str, demo: bool, *, delay_ms: int = 0,
                  drop_acks: bool = False, fail_rate: float = 0.0, fail_after_apply_rate: float = 0.0,
                  seed: int | None = None, clock_offset_s: float = 0.0,
                  max_amount_fen: int = MAX_AMOUNT_FEN) -> None:
    """Serve until SIGTERM/SIGINT (or KeyboardInterrupt); prints the listening line first."""
    stop = threading.Event()
    in_main = threading.current_thread() is threading.main_thread()
    previous = {}
    if in_main:
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, lambda *_: stop.set())
    core = start_server(port, db_path, demo, delay_ms=delay_ms, drop_acks=drop_acks,
                        fail_rate=fail_rate, fail_after_apply_rate=fail_after_apply_rate, seed=seed,
                        clock_offset_s=clock_offset_s, max_amount_fen=max_amount_fen)
    try:
        print(f"core emulator listening on {core.url}", flush=True)
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        core.shutdown()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


serve = serve_forever


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"a rate is between 0 and 1, not {value}")
    return value


def add_clock_offset_option(parser: argparse.ArgumentParser) -> None:
    """`--clock-offset SECONDS` (default TELLER_CORE_CLOCK_OFFSET); shared with `teller-admin core serve`."""
    parser.add_argument("--clock-offset", type=float, metavar="SECONDS",
                        default=float(os.environ.get("TELLER_CORE_CLOCK_OFFSET") or 0),
                        help="run the core's clock this many seconds ahead of this machine's"
                             " (negative: behind)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m teller.core.server",
                                     description="The bundled core-banking emulator.")
    parser.add_argument("--port", type=int, default=8470, help="TCP port on 127.0.0.1 (0 = any)")
    parser.add_argument("--db", required=True, help="SQLite file of the emulated ledger")
    parser.add_argument("--demo", action="store_true", help="seed the demo customer accounts")
    parser.add_argument("--delay-ms", type=int,
                        default=int(os.environ.get("TELLER_CORE_DELAY_MS") or 0),
                        help="answer every posting this many ms late (fault injection)")
    parser.add_argument("--drop-acks", action="store_true",
                        default=_env_flag("TELLER_CORE_DROP_ACKS"),
                        help="apply postings but close the connection without answering")
    parser.add_argument("--fail-rate", type=_rate,
                        default=_rate(os.environ.get("TELLER_CORE_FAIL_RATE") or "0"),
                        help="answer HTTP 500 to this fraction of postings before applying them")
    parser.add_argument("--fail-after-apply-rate", type=_rate,
                        default=_rate(os.environ.get("TELLER_CORE_FAIL_AFTER_APPLY_RATE") or "0"),
                        help="apply this fraction of postings, then answer HTTP 500")
    parser.add_argument("--seed", type=int,
                        default=int(os.environ["TELLER_CORE_SEED"]) if os.environ.get("TELLER_CORE_SEED") else None,
                        help="seed of the fault draws (reproducible runs)")
    add_clock_offset_option(parser)
    parser.add_argument("--max-amount-fen", type=int,
                        default=int(os.environ.get("TELLER_CORE_MAX_AMOUNT_FEN") or MAX_AMOUNT_FEN),
                        help="refuse (HTTP 400) any amount above this many fen"
                             f" (default {MAX_AMOUNT_FEN} = 999,999,999,999.99)")
    args = parser.parse_args(argv)
    serve_forever(args.port, args.db, args.demo, delay_ms=max(0, args.delay_ms),
                  drop_acks=args.drop_acks, fail_rate=args.fail_rate,
                  fail_after_apply_rate=args.fail_after_apply_rate, seed=args.seed,
                  clock_offset_s=args.clock_offset, max_amount_fen=args.max_amount_fen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
