"""The simulated card reader for demo and training: a card is "inserted" from the UI or a test
and read through the real read flow against the in-process virtual card, so the teller sees
exactly the events and messages the PC/SC reader would produce, faults included."""
from __future__ import annotations

import queue
import threading
from typing import Callable

from teller.ports import CardEvent, CardRead

from devices.card.base import EventSink, read_chip, read_with_deadline
from devices.card.virtual_applets import fault_options
from devices.card.virtual_card import VirtualCard


class SimulatedCardReader:
    kind = "card"
    name = "simulated"
    READER = "Simulated card reader"

    def __init__(self, reader_name: str = READER, read_timeout: float = 10.0):
        self.reader_name = reader_name
        self.read_timeout = read_timeout
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._sink: EventSink | None = None
        self._card: VirtualCard | None = None  # the card in the slot, as the reader thread sees it
        self._last: VirtualCard | None = None  # the last one handed to insert(), maybe still queued

    @classmethod
    def is_usable(cls, options: dict | None = None) -> tuple[bool, str]:
        return True, ""

    @classmethod
    def from_options(cls, options: dict) -> SimulatedCardReader:
        return cls(options.get("reader") or cls.READER, float(options.get("read_timeout", 10.0)))

    def start(self, on_event: Callable[[CardEvent], None]) -> None:
        if self._thread is not None:
            raise RuntimeError("the simulated card reader is already started")
        self._sink = EventSink(on_event)
        self._thread = threading.Thread(target=self._run, daemon=True, name="simulated-card-reader")
        self._thread.start()
        self._jobs.put(("reader_added", None))

    def stop(self) -> None:
        if self._thread is None:
            return
        if self._last is not None:
            self._last.remove()  # frees a "stuck" read
        self._jobs.put(("stop", None))
        self._thread.join(5)
        self._sink.close()
        self._thread = None

    def insert(self, card: CardRead | dict, fault: str | None = None) -> None:
        """Puts a card in the reader; `fault` is one of virtual_applets.ALL_FAULTS ("pulled",
        "stuck", "no_application", "malformed_record", "wrong_length") or None.
        Callable from any thread; events follow from the reader's thread."""
        fields = card if isinstance(card, dict) else vars(card)
        aid = fields.get("aid") or "A000000333010101"
        virtual = VirtualCard(fields["pan"], fields.get("expiry") or "3012", fields.get("holder_name"),
                              ((aid, fields.get("label") or "UnionPay Debit"),), **fault_options(fault))
        self._last = virtual
        self._jobs.put(("insert", virtual))

    def remove(self) -> None:
        if self._last is not None:
            self._last.remove()  # at once, not queued: a read in progress must see it
        self._jobs.put(("remove", None))

    def _run(self) -> None:
        while True:
            job, card = self._jobs.get()
            if job == "stop":
                return
            emit = self._sink
            if job == "reader_added":
                emit("reader_added", self.reader_name)
            elif job == "insert":
                if self._card is not None:  # a second card pushes nothing out; ignore it like a slot would
                    continue
                self._card = card
                emit("inserted", self.reader_name)
                emit.deliver(read_with_deadline(self.reader_name, lambda: read_chip(card.transmit),
                                                self.read_timeout))
                if card.removed:  # pulled mid-read: the reader notices the empty slot
                    self._card = None
                    emit("removed", self.reader_name)
            elif job == "remove" and self._card is not None:
                self._card = None
                emit("removed", self.reader_name)
