"""Device plugins found through the entry-point group `teller.devices` (design.md "Devices").

An entry point is named `<kind>-<name>` ("badge-rdm6300") and names a class with `kind`,
`name`, `is_usable(options)` and `from_options(options)` (teller.ports.DevicePlugin), so a
third-party package adds a reader by declaring one. A plugin that cannot even be imported
is listed as unusable with the import error as its reason: a broken plugin never stops the
program. Which plugin serves each kind comes from `[devices.<kind>]` in the configuration.
"""
from __future__ import annotations

import logging
import math
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from teller.domain.errors import ConfigurationError, TellerError

log = logging.getLogger(__name__)

GROUP = "teller.devices"
KINDS = ("card", "badge", "printer")
FALLBACK = "simulated"


class DeviceUnavailable(ConfigurationError):
    """The configured device plugin is unknown, unusable here, or refused its options."""


@dataclass(frozen=True)
class PluginInfo:
    kind: str
    name: str
    entry_point: str  # "module:Class"
    plugin: type | None  # None when the entry point could not be loaded
    usable: bool
    reason: str  # why not usable; for a usable one, a note (may be empty)

    @property
    def error(self) -> str | None:
        """The load error, when the plugin could not be imported."""
        return self.reason if self.plugin is None else None


def _entry_points() -> list[EntryPoint]:
    return list(entry_points(group=GROUP))


def _inspect(ep: EntryPoint, options: dict | None) -> PluginInfo:
    kind, _, name = ep.name.partition("-")
    if kind not in KINDS or not name:
        return PluginInfo(kind, name or ep.name, ep.value, None, False,
                          f"entry point {ep.name!r} is not named <kind>-<name> with kind in {', '.join(KINDS)}")
    try:
        cls = ep.load()
    except Exception as exc:  # noqa: BLE001 - any import failure makes the plugin unusable, not the program
        log.warning("device plugin %s cannot be loaded: %s", ep.name, exc)
        return PluginInfo(kind, name, ep.value, None, False, f"cannot be loaded: {type(exc).__name__}: {exc}")
    declared = getattr(cls, "kind", kind)
    if declared != kind:
        return PluginInfo(kind, name, ep.value, cls, False, f"the class says it is a {declared!r} device")
    if not callable(getattr(cls, "from_options", None)):
        return PluginInfo(kind, name, ep.value, cls, False, "the class has no from_options(options)")
    try:
        usable, reason = cls.is_usable(dict(options or {}))
    except Exception as exc:  # noqa: BLE001 - a failing check means "not usable", with its reason
        return PluginInfo(kind, name, ep.value, cls, False, f"usability check failed: {exc}")
    return PluginInfo(kind, name, ep.value, cls, bool(usable), str(reason or ""))


def discover(options: dict[tuple[str, str], dict] | None = None) -> list[PluginInfo]:
    """Every installed plugin, card then badge then printer, each checked with its options
    (`options[(kind, name)]`, else none)."""
    options = options or {}
    infos = [_inspect(ep, options.get(tuple(ep.name.partition("-")[::2]))) for ep in _entry_points()]
    return sorted(infos, key=lambda i: (KINDS.index(i.kind) if i.kind in KINDS else len(KINDS), i.name))


def find(kind: str, name: str, options: dict | None = None) -> PluginInfo | None:
    for ep in _entry_points():
        if ep.name == f"{kind}-{name}":
            return _inspect(ep, options)
    return None


def create(kind: str, name: str, options: dict | None = None):
    """A new, not yet started device; DeviceUnavailable saying why when it cannot be had."""
    options = dict(options or {})
    info = find(kind, name, options)
    if info is None:
        known = sorted(ep.name.partition("-")[2] for ep in _entry_points() if ep.name.startswith(kind + "-"))
        raise DeviceUnavailable(f"there is no {kind} plugin named {name!r} (installed: {', '.join(known) or 'none'})")
    if not info.usable:
        raise DeviceUnavailable(f"the {kind} plugin {name!r} cannot be used here: {info.reason}")
    try:
        return info.plugin.from_options(options)
    except TellerError:
        raise
    except Exception as exc:  # noqa: BLE001 - bad options or a plugin bug: say which plugin
        raise DeviceUnavailable(f"the {kind} plugin {name!r} could not be set up: {exc}") from exc


def default_options(home: Path) -> dict[tuple[str, str], dict]:
    """Options a plugin gets unless configured: the simulated printer writes under the data folder."""
    return {("printer", "simulated"): {"out_dir": str(Path(home) / "printed")}}


class DeviceSet(dict):
    """kind -> device instance, plus what was chosen and why a kind fell back."""

    def __init__(self):
        super().__init__()
        self.choices: dict[str, tuple[str, dict]] = {}  # kind -> (plugin name, options) in use
        self.warnings: dict[str, str] = {}  # kind -> why the configured plugin is not the one in use


def device_config(settings_or_raw) -> dict[str, tuple[str, dict]]:
    """kind -> (plugin name, options) as configured; "simulated" where nothing is."""
    raw = getattr(settings_or_raw, "raw", settings_or_raw)
    section = raw.get("devices") or {}
    out = {}
    for kind in KINDS:
        table = section.get(kind) or {}
        out[kind] = (str(table.get("plugin") or FALLBACK), dict(table.get("options") or {}))
    return out


def configured(settings_or_raw, kinds: tuple[str, ...] = KINDS,
               defaults: dict[tuple[str, str], dict] | None = None) -> DeviceSet:
    """The devices of `[devices.<kind>]`; an unusable one is replaced by the simulated twin,
    with the reason kept in `.warnings` for the UI (never an exception). `defaults` gives
    options a plugin gets unless configured (the simulated printer's output folder)."""
    devices = DeviceSet()
    config = device_config(settings_or_raw)
    defaults = defaults or {}
    for kind in kinds:
        name, options = config[kind]
        try:
            devices[kind] = create(kind, name, {**defaults.get((kind, name), {}), **options})
            devices.choices[kind] = (name, options)
            continue
        except TellerError as exc:
            devices.warnings[kind] = str(exc)
        if name != FALLBACK:
            try:
                devices[kind] = create(kind, FALLBACK, dict(defaults.get((kind, FALLBACK), {})))
                devices.choices[kind] = (FALLBACK, {})
                devices.warnings[kind] += f"; using the simulated {kind} instead"
            except TellerError as exc:
                devices.warnings[kind] += f"; the simulated {kind} failed too: {exc}"
        log.warning("%s device: %s", kind, devices.warnings[kind])
    return devices


# -- writing [devices.*] back to $TELLER_HOME/config.toml ---------------------------------
# tomli-w is not a dependency: this writes only the devices tables, keeps every other line
# of the file as it was (comments included), and re-reads the result to prove that
# nothing else changed before it replaces the file.

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_HEADER = re.compile(r"^\s*\[\[?\s*(?P<key>[^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_value(key)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return '"' + "".join(_ESCAPES.get(c) or (f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c)
                             for c in value) + '"'
    if isinstance(value, (list, tuple)) and not any(isinstance(v, dict) for v in value):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise ConfigurationError(f"cannot write {type(value).__name__} values to config.toml: {value!r}")


def render_tables(path: list[str], table: dict) -> str:
    """`[a.b]` with its plain values, then its sub-tables, recursively."""
    header = "[" + ".".join(toml_key(p) for p in path) + "]\n"
    lines = [f"{toml_key(k)} = {toml_value(v)}\n" for k, v in table.items() if not isinstance(v, dict)]
    text = header + "".join(lines)
    for key, value in table.items():
        if isinstance(value, dict):
            text += "\n" + render_tables(path + [key], value)
    return text


def _is_devices_header(key: str) -> bool:
    key = re.sub(r"[\s\"']", "", key)
    return key == "devices" or key.startswith("devices.")


def _without_devices_tables(text: str) -> str:
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        match = _HEADER.match(line)
        if match:
            skipping = _is_devices_header(match.group("key"))
        if not skipping:
            kept.append(line)
    return "".join(kept)


def save_device_config(config_file: Path, choices: dict[str, tuple[str, dict]]) -> None:
    """Writes `[devices.<kind>] plugin/options` for each kind in `choices`, keeping the rest."""
    text = config_file.read_text(encoding="utf-8") if config_file.exists() else ""
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{config_file}: {exc}; fix it before saving device settings") from exc
    devices = dict(before.get("devices") or {})
    for kind, (name, options) in choices.items():
        devices[kind] = {**devices.get(kind, {}), "plugin": name, "options": dict(options)}
    kept = _without_devices_tables(text).rstrip("\n")
    new_text = (kept + "\n\n" if kept else "") + render_tables(["devices"], devices).removeprefix("[devices]\n\n")
    try:
        after = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:
        after = {"unreadable": str(exc)}
    if after != {**before, "devices": devices}:
        raise ConfigurationError(f"{config_file} has a layout this program cannot update safely "
                                 "(devices keys outside [devices.*] tables?); change it by hand")
    config_file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config.", suffix=".toml", dir=config_file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new_text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, config_file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
