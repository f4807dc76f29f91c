"""What every card reader backend shares (design.md "Devices": devices/<kind>/base.py): turning
a chip read into teller events, the read deadline, and a callback that cannot kill our threads.

The PAN never leaves in text: CardRead hides it from repr, the read flow's messages never
contain it, and an unexpected exception is logged by type only.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from typing import Callable

from teller.ports import CardEvent, CardRead

from devices.card.reader_flow import CardData, CardReadError, CardRemoved, Transmit, read_card

log = logging.getLogger(__name__)

REMOVED_MESSAGE = "The card was removed before it could be read. Insert it again."


def card_read(data: CardData) -> CardRead:
    return CardRead(pan=data.pan, masked_pan=data.masked_pan, expiry=data.expiry,
                    holder_name=data.holder_name, aid=data.aid, label=data.label)


def read_chip(transmit: Transmit) -> CardData:
    """The teller read with today's date and a fresh unpredictable number (9F37)."""
    return read_card(transmit, today=dt.date.today(), unpredictable=os.urandom(4))


def teller_message(exc: CardReadError) -> str:
    """The read flow's messages are sentence fragments; the teller sees sentences."""
    if isinstance(exc, CardRemoved):
        return REMOVED_MESSAGE
    text = exc.message.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class EventSink:
    """Calls the owner's `on_event`; an exception in it is logged and swallowed so that one
    bad handler does not end the monitor thread, and nothing is delivered after `close()`."""

    def __init__(self, on_event: Callable[[CardEvent], None]):
        self._on_event = on_event
        self._open = True

    def close(self) -> None:
        self._open = False

    def __call__(self, kind: str, reader: str, card: CardRead | None = None, message: str = "") -> None:
        self.deliver(CardEvent(kind, reader, card, message))

    def deliver(self, event: CardEvent) -> None:
        if not self._open:
            return
        try:
            self._on_event(event)
        except Exception:  # noqa: BLE001 - the handler's bug must not stop card reading
            log.exception("card event handler failed on %s from %s", event.kind, event.reader)


def read_with_deadline(reader: str, read: Callable[[], CardData], timeout: float) -> CardEvent:
    """Runs `read` in a daemon thread and waits at most `timeout` seconds: a card that keeps
    its contact but stops answering blocks the PC/SC call with no timeout of its own
    (protocols.md §1), and the teller must hear about it instead of waiting forever. The
    abandoned thread ends when the card is taken out; its late result is dropped."""
    outcome: list[CardEvent] = []

    def work() -> None:
        try:
            outcome.append(CardEvent("read", reader, card_read(read())))
        except CardReadError as exc:
            outcome.append(CardEvent("error", reader, message=teller_message(exc)))
        except Exception as exc:  # noqa: BLE001 - reported, never raised into a reader thread
            log.error("card read on %s failed unexpectedly: %s", reader, type(exc).__name__)
            outcome.append(CardEvent("error", reader, message=(
                f"The card could not be read ({type(exc).__name__}). Remove it and insert it again.")))

    worker = threading.Thread(target=work, daemon=True, name=f"card-read:{reader}")
    worker.start()
    worker.join(timeout)
    if outcome:
        return outcome[0]
    return CardEvent("error", reader, message=(
        f"The card did not answer within {timeout:g} seconds. Remove it and insert it again."))
