"""Devices into Qt: readers call back from their own threads; the bridge turns those calls
into signals on the UI thread, and owns the devices (start, swap, stop) for the window.

Every callback first goes through a private signal to the bridge itself (a QObject on the
UI thread, so the connection is queued); the public signals are then emitted on the UI
thread and anything may listen to them, lambdas included. A reader replaced or stopped is
cut off by a generation number, so a late callback from it is dropped.
"""
from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QEvent, QObject, Qt, Signal

from devices.badge.wedge import WedgeDetector

log = logging.getLogger(__name__)

_MODIFIERS = {Qt.Key_Shift, Qt.Key_Control, Qt.Key_Alt, Qt.Key_Meta, Qt.Key_CapsLock, Qt.Key_AltGr}


def stop_in_background(device) -> None:
    """A reader's stop() joins its thread (up to seconds when a port hangs): never on the UI thread."""
    stop = getattr(device, "stop", None)
    if stop is not None:
        threading.Thread(target=_stop_quietly, args=(stop,), daemon=True, name="device-stop").start()


def _stop_quietly(stop) -> None:
    try:
        stop()
    except Exception:  # noqa: BLE001 - a device that fails to stop is gone anyway
        log.exception("device failed to stop")


class DeviceBridge(QObject):
    badge_presented = Signal(str)  # UID
    badge_state = Signal(str, str)  # "connected" | "disconnected" | "stopped" | "error", detail
    card_event = Signal(object)  # teller.ports.CardEvent
    card_state = Signal(str, str)  # "connected" (a reader is there) | "disconnected" | "error", detail
    devices_changed = Signal(str)  # kind
    _badge_from_device = Signal(int, str)
    _badge_state_from_device = Signal(int, str, str)
    _card_from_device = Signal(int, object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.devices: dict[str, object] = {}
        self.choices: dict[str, tuple[str, dict]] = {}  # kind -> (plugin, options) of the device in use
        self.warnings: dict[str, str] = {}
        self.states: dict[str, tuple[str, str]] = {"badge": ("stopped", ""), "card": ("stopped", "")}
        self.card_readers: set[str] = set()
        self._generation = {"badge": 0, "card": 0}
        self._badge_from_device.connect(self._on_self_badge_from_device)
        self._badge_state_from_device.connect(self._on_self_badge_state_from_device)
        self._card_from_device.connect(self._on_self_card_from_device)

    @property
    def printer(self):
        return self.devices.get("printer")

    @property
    def badge_reader(self):
        return self.devices.get("badge")

    @property
    def card_reader(self):
        return self.devices.get("card")

    def adopt(self, devices, choices: dict | None = None, warnings: dict | None = None) -> None:
        """Takes over the devices built at start-up (registry.configured) and starts the readers;
        without a badge reader the simulated one is used so badges can still be presented."""
        choices = dict(getattr(devices, "choices", {}) if choices is None else choices)
        self.warnings = dict(getattr(devices, "warnings", {}) if warnings is None else warnings)
        devices = dict(devices)
        if "badge" not in devices:
            from devices.badge.simulated import SimulatedBadgeReader

            devices["badge"], choices["badge"] = SimulatedBadgeReader(), ("simulated", {})
        for kind, device in devices.items():
            name, options = choices.get(kind, (getattr(device, "name", "?"), {}))
            self.install(kind, device, name, options)

    def configure(self, kind: str, name: str, options: dict | None = None) -> None:
        """Builds the plugin through the registry and puts it in use; TellerError if it cannot be."""
        from devices import registry

        self.install(kind, registry.create(kind, name, options or {}), name, dict(options or {}))

    def install(self, kind: str, device, name: str, options: dict) -> None:
        """Puts `device` in use for `kind` (stopping the one before, off the UI thread) and starts it."""
        old = self.devices.get(kind)
        if old is not None and old is not device:
            stop_in_background(old)
        self.devices[kind], self.choices[kind] = device, (name, dict(options))
        if old is not None:  # a deliberate replacement answers the start-up warning
            self.warnings.pop(kind, None)
        if kind in self._generation:
            self._generation[kind] += 1
            self._start(kind, device, self._generation[kind])
        self.devices_changed.emit(kind)

    def _start(self, kind: str, device, generation: int) -> None:
        try:
            if kind == "badge":
                device.start(lambda uid: self._relay(self._badge_from_device, generation, uid),
                             lambda state, detail: self._relay(self._badge_state_from_device, generation,
                                                               state, detail))
            else:
                self.card_readers.clear()
                self._set_state("card", "disconnected", "")
                device.start(lambda event: self._relay(self._card_from_device, generation, event))
        except Exception as exc:  # noqa: BLE001 - a reader that cannot start is a state, not a crash
            log.exception("%s reader failed to start", kind)
            self._set_state(kind, "error", str(exc))

    def _relay(self, signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the bridge is gone (window closed) while the reader still ran
            pass

    def stop(self, wait: bool = True) -> None:
        """Stops every device (at window close); a reader that will not stop is left to die."""
        for kind in self._generation:
            self._generation[kind] += 1
        for device in self.devices.values():
            if wait:
                _stop_quietly(getattr(device, "stop", lambda: None))
            else:
                stop_in_background(device)

    def _set_state(self, kind: str, state: str, detail: str) -> None:
        self.states[kind] = (state, detail)
        (self.badge_state if kind == "badge" else self.card_state).emit(state, detail)

    # -- from the device threads, now on the UI thread -----------------------------------------
    def _on_self_badge_from_device(self, generation: int, uid: str) -> None:
        if generation == self._generation["badge"]:
            self.badge_presented.emit(uid)

    def _on_self_badge_state_from_device(self, generation: int, state: str, detail: str) -> None:
        if generation == self._generation["badge"]:
            self._set_state("badge", state, detail)

    def _on_self_card_from_device(self, generation: int, event) -> None:
        if generation != self._generation["card"]:
            return
        if event.kind == "reader_added":
            self.card_readers.add(event.reader)
        elif event.kind == "reader_removed":
            self.card_readers.discard(event.reader)
        if event.kind in ("reader_added", "reader_removed"):
            readers = ", ".join(sorted(self.card_readers))
            self._set_state("card", "connected" if readers else "disconnected", readers or event.reader)
        self.card_event.emit(event)


class WedgeFilter(QObject):
    """Watches a badge field for a keyboard-wedge reader: its fast burst of 10 characters and
    Enter become `badge_read(uid)`; a person typing slowly just types (the keys always reach
    the field; only a reader's Enter is taken)."""

    badge_read = Signal(str)

    def __init__(self, *targets: QObject, max_gap_s: float = 0.05):
        super().__init__(targets[0])
        self.detector = WedgeDetector(max_gap_s)
        for target in targets:
            target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.KeyPress or event.key() in _MODIFIERS:
            return False
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            uid = self.detector.enter()
            if uid is None:
                return False
            self.badge_read.emit(uid)
            return True
        text = event.text()
        if len(text) == 1 and text.isprintable() and not event.isAutoRepeat():
            self.detector.key(text)
        else:
            self.detector.reset()
        return False
