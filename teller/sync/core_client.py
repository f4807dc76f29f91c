"""`HttpCoreGateway`: the workstation's HTTP/JSON client for the core banking system.

Implements `teller.ports.CoreGateway`. Anything that leaves the outcome unknown (connection
refused, timeout, connection dropped before the answer, 5xx, garbage) raises
`CoreUnavailable`; the caller then asks for the posting by its key before resending.
The answer to that question (`get_posting`) says what is behind the key
(`PostingAtCore`), so the caller can check it is its own posting and not another one that
reused the key (`PostingAtCore.differences`); a reversal names what it means to reverse.
Account numbers are masked in messages and logs.
"""
from __future__ import annotations

import logging
from urllib.parse import quote

import httpx

from teller.domain.errors import CoreRejected, CoreUnavailable, TellerError
from teller.domain.masking import mask_number
from teller.ports import CoreAccount, CorePosting

log = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT = 2.0
DEFAULT_READ_TIMEOUT = 5.0


class IdempotencyConflict(TellerError):
    """The key was already used by the core for a posting with a different payload."""

    code = "idempotency_conflict"


class KeyReused(TellerError):
    """The posting the core holds under an idempotency key is not the one this workstation
    recorded under it (e.g. a workstation store restored from an old backup repeats its
    sequence numbers). Never taken as done, never resent: a case for the supervisor."""

    code = "idempotency_key_reused"


# The answer with the posting behind its key: the port's CorePosting carries both now.
PostingAtCore = CorePosting


class UnknownAccount(CoreRejected):
    """The core does not know the account (account lookup)."""

    code = "unknown_account"

    def __init__(self, message: str):
        super().__init__(message, reason="unknown_account")


class CoreBadRequest(TellerError):
    """The core refused the request as malformed (HTTP 400); nothing was applied."""

    code = "core_bad_request"


class CoreProtocolError(CoreUnavailable):
    """The core answered something this client does not understand; the outcome is unknown."""

    code = "core_protocol_error"


def _fmt_seconds(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


class HttpCoreGateway:
    """CoreGateway over HTTP/JSON; one pooled httpx.Client per gateway. Thread-safe."""

    def __init__(self, base_url: str, *, connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
                 read_timeout: float = DEFAULT_READ_TIMEOUT,
                 transport: httpx.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/")
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._client = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport,
                                    headers={"Accept": "application/json"})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "HttpCoreGateway":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transport ---------------------------------------------------------------------
    def _request(self, method: str, path: str, json: dict | None = None) -> httpx.Response:
        try:
            response = self._client.request(method, path, json=json)
        except httpx.ConnectTimeout:
            raise CoreUnavailable(f"core banking system not reachable at {self.base_url}"
                                  f" (no connection within {_fmt_seconds(self.connect_timeout)} s)"
                                  ) from None
        except httpx.ConnectError:
            raise CoreUnavailable(f"core banking system not reachable at {self.base_url}") from None
        except httpx.TimeoutException:
            raise CoreUnavailable(f"core did not answer within {_fmt_seconds(self.read_timeout)} s"
                                  ) from None
        except (httpx.RemoteProtocolError, httpx.NetworkError):
            raise CoreUnavailable(f"core banking system at {self.base_url} closed the connection"
                                  " without answering") from None
        except httpx.HTTPError as exc:
            raise CoreUnavailable(f"core banking system at {self.base_url} failed:"
                                  f" {type(exc).__name__}") from None
        if response.status_code >= 500:
            raise CoreUnavailable(f"core banking system at {self.base_url} failed"
                                  f" (HTTP {response.status_code})")
        return response

    @staticmethod
    def _json(response: httpx.Response) -> dict:
        try:
            body = response.json()
        except ValueError:
            raise CoreProtocolError(f"core answered HTTP {response.status_code} without JSON"
                                    ) from None
        if not isinstance(body, dict):
            raise CoreProtocolError("core answered an unexpected JSON document")
        return body

    def _check(self, response: httpx.Response, what: str) -> dict:
        body = self._json(response)
        if response.status_code == 409 and body.get("error") == "idempotency_conflict":
            raise IdempotencyConflict(f"{what}: the key was already used for a different posting")
        if response.status_code in (400, 409):
            raise CoreBadRequest(f"{what}: the core refused the request: {body.get('error')}")
        if response.status_code not in (200, 201):
            raise CoreProtocolError(f"{what}: unexpected HTTP {response.status_code} from core")
        return body

    @staticmethod
    def _posting(body: dict) -> PostingAtCore:
        try:
            balance = body.get("balance_fen")
            if balance is not None and type(balance) is not int:
                raise TypeError("balance_fen")
            key = str(body["key"])
            answer = {"key": key, "status": str(body["status"]), "reason": body.get("reason"),
                      "balance_fen": balance, "core_ref": body.get("core_ref")}
        except (KeyError, TypeError):
            raise CoreProtocolError("core answered a posting this client cannot read") from None
        try:
            content = {name: body[name] for name in ("account", "direction", "tx_code", "workstation", "teller")}
            if not all(isinstance(v, str) for v in content.values()) or type(body["amount_fen"]) is not int:
                raise TypeError("content")
        except (KeyError, TypeError):
            raise CoreProtocolError(f"core did not say which posting is under key {key}") from None
        return PostingAtCore(**answer, amount_fen=body["amount_fen"], **content)

    @staticmethod
    def _account(body: dict) -> CoreAccount:
        try:
            if type(body["balance_fen"]) is not int:
                raise TypeError("balance_fen")
            return CoreAccount(account=body["account"], name=body["name"],
                               balance_fen=body["balance_fen"], currency=body["currency"],
                               status=body["status"])
        except (KeyError, TypeError):
            raise CoreProtocolError("core answered an account this client cannot read") from None

    @staticmethod
    def _seg(value: str) -> str:
        return quote(value, safe="")

    # -- CoreGateway -------------------------------------------------------------------
    def get_account(self, account: str) -> CoreAccount:
        response = self._request("GET", f"/accounts/{self._seg(account)}")
        if response.status_code == 404:
            raise UnknownAccount(f"account {mask_number(account)} is not known to the core")
        return self._account(self._check(response, "account lookup"))

    def account_for_card(self, pan: str) -> CoreAccount:
        """The account a bank card was issued on (the PAN goes in the body, never in a URL)."""
        response = self._request("POST", "/cards/lookup", json={"pan": pan})
        if response.status_code == 404:
            raise UnknownAccount(f"card {mask_number(pan)} is not known to the core")
        return self._account(self._check(response, "card lookup"))

    def post(self, *, key: str, account: str, direction: str, amount_fen: int, tx_code: str,
             workstation: str, teller: str) -> PostingAtCore:
        if type(amount_fen) is not int:
            raise TypeError("amount_fen must be an int (fen), never float")
        payload = {"key": key, "account": account, "direction": direction,
                   "amount_fen": amount_fen, "tx_code": tx_code, "workstation": workstation,
                   "teller": teller}
        log.debug("core post key=%s account=%s %s %d", key, mask_number(account), direction,
                  amount_fen)
        posting = self._posting(self._check(self._request("POST", "/postings", payload),
                                            f"posting {key}"))
        log.debug("core post key=%s -> %s %s", key, posting.status, posting.reason or "")
        return posting

    def get_posting(self, key: str) -> PostingAtCore | None:
        """The core's answer for the key and the posting behind it; None if the key is unknown."""
        response = self._request("GET", f"/postings/{self._seg(key)}")
        if response.status_code == 404:
            return None
        return self._posting(self._check(response, f"posting lookup {key}"))

    def reverse(self, key: str, original: dict | None = None) -> PostingAtCore | None:
        """Timeout reversal (冲正) by the original key; None when the core tombstoned the key
        (the original never arrived). `original` (account, direction, amount_fen, tx_code,
        workstation, teller) is what is meant: if the key holds another posting the core
        refuses and `IdempotencyConflict` is raised, nothing reversed."""
        response = self._request("POST", f"/postings/{self._seg(key)}/reversal", original)
        body = self._check(response, f"reversal of {key}")
        if body.get("status") == "tombstoned":
            log.debug("core reversal key=%s -> tombstoned", key)
            return None
        return self._posting(body)

    # -- admin helpers (tests, demo); not part of CoreGateway ----------------------------
    def create_account(self, account: str, name: str, balance_fen: int, currency: str = "CNY",
                       status: str = "active") -> CoreAccount:
        payload = {"account": account, "name": name, "balance_fen": balance_fen,
                   "currency": currency, "status": status}
        return self._account(self._check(self._request("POST", "/accounts", payload),
                                         "account creation"))

    def set_account_status(self, account: str, status: str) -> CoreAccount:
        response = self._request("POST", f"/accounts/{self._seg(account)}/status",
                                 {"status": status})
        if response.status_code == 404:
            raise UnknownAccount(f"account {mask_number(account)} is not known to the core")
        return self._account(self._check(response, "account status change"))

    def health(self) -> bool:
        return self._request("GET", "/health").status_code == 200

    def core_time(self) -> str:
        """The core's clock (ISO 8601, UTC), as GET /clock reports it."""
        return self._check(self._request("GET", "/clock"), "clock")["now"]

    def ledger(self) -> list[dict]:
        """Every posting the core holds, in arrival order (GET /ledger; reconciliation and tests)."""
        response = self._request("GET", "/ledger")
        if response.status_code != 200:
            raise CoreProtocolError(f"ledger listing: unexpected HTTP {response.status_code} from core")
        try:
            body = response.json()
        except ValueError:
            raise CoreProtocolError("ledger listing: core answered without JSON") from None
        if not isinstance(body, list):
            raise CoreProtocolError("ledger listing: core answered an unexpected JSON document")
        return body
