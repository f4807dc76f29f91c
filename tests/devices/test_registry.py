"""Device plugins through the `teller.devices` entry points: all six listed, a broken one listed
as unusable (never a crash), create() and configured() with the simulated fallback, and the
[devices.*] writer keeping the rest of config.toml intact."""
import tomllib
from importlib.metadata import EntryPoint

import pytest
from hypothesis import given, strategies as st

from devices import registry
from devices.badge.rdm6300 import Rdm6300Reader
from devices.badge.simulated import SimulatedBadgeReader
from teller.domain.errors import ConfigurationError, TellerError

SIX = {"card-simulated", "card-pcsc", "badge-simulated", "badge-rdm6300", "printer-simulated", "printer-escp"}


def with_extra(monkeypatch, *entries: tuple[str, str]):
    real = registry._entry_points()
    extra = [EntryPoint(name=name, value=value, group=registry.GROUP) for name, value in entries]
    monkeypatch.setattr(registry, "_entry_points", lambda: real + extra)


def test_discover_lists_the_six_entry_points_with_usable_and_reason():
    infos = registry.discover()
    assert {f"{i.kind}-{i.name}" for i in infos} >= SIX
    assert [i.kind for i in infos] == sorted((i.kind for i in infos), key=registry.KINDS.index)
    for info in infos:
        assert isinstance(info.usable, bool) and isinstance(info.reason, str)
        assert info.usable or info.reason, f"{info.name} is unusable without saying why"
    by_key = {(i.kind, i.name): i for i in infos}
    assert by_key["badge", "simulated"].usable and by_key["badge", "simulated"].plugin is SimulatedBadgeReader
    assert by_key["badge", "rdm6300"].usable and by_key["badge", "rdm6300"].plugin is Rdm6300Reader


def test_discover_checks_with_the_given_options():
    info = next(i for i in registry.discover({("badge", "rdm6300"): {"port": "/dev/does-not-exist"}})
                if i.name == "rdm6300")
    assert not info.usable and "does not exist" in info.reason


def test_a_broken_entry_point_is_listed_unusable(monkeypatch):
    with_extra(monkeypatch, ("badge-broken", "devices.badge.no_such_module:Reader"),
               ("badge-noattr", "devices.badge.simulated:NoSuchClass"),
               ("scanner-x", "devices.badge.simulated:SimulatedBadgeReader"),
               ("card-wrongkind", "devices.badge.simulated:SimulatedBadgeReader"))
    infos = {i.name: i for i in registry.discover()}
    broken = infos["broken"]
    assert not broken.usable and broken.plugin is None
    assert "No module named 'devices.badge.no_such_module'" in broken.reason and broken.error == broken.reason
    assert not infos["noattr"].usable and "NoSuchClass" in infos["noattr"].reason
    assert not infos["x"].usable and "<kind>-<name>" in infos["x"].reason
    assert not infos["wrongkind"].usable and "'badge' device" in infos["wrongkind"].reason
    with pytest.raises(registry.DeviceUnavailable, match="cannot be used here: cannot be loaded"):
        registry.create("badge", "broken", {})


def test_create():
    reader = registry.create("badge", "rdm6300", {"port": "loop://", "baudrate": "9600"})
    assert isinstance(reader, Rdm6300Reader) and reader.port == "loop://" and reader.baudrate == 9600
    with pytest.raises(registry.DeviceUnavailable, match=r"no badge plugin named 'nfc' \(installed: rdm6300, simulated"):
        registry.create("badge", "nfc", {})
    with pytest.raises(TellerError, match="needs the option port"):
        registry.create("badge", "rdm6300", {})
    with pytest.raises(TellerError, match="baudrate must be a number"):
        registry.create("badge", "rdm6300", {"port": "loop://", "baudrate": "fast"})
    with pytest.raises(registry.DeviceUnavailable, match="does not exist"):
        registry.create("badge", "rdm6300", {"port": "/dev/does-not-exist"})


def test_configured_falls_back_to_simulated_with_a_reason():
    raw = {"devices": {"badge": {"plugin": "rdm6300", "options": {"port": "/dev/does-not-exist"}}}}
    devices = registry.configured(raw, kinds=("badge",))
    assert isinstance(devices["badge"], SimulatedBadgeReader)
    assert devices.choices["badge"] == ("simulated", {})
    assert "does not exist" in devices.warnings["badge"] and "using the simulated badge instead" in devices.warnings["badge"]

    raw = {"devices": {"badge": {"plugin": "rdm6300", "options": {"port": "loop://"}}}}
    devices = registry.configured(raw, kinds=("badge",))
    assert isinstance(devices["badge"], Rdm6300Reader) and devices.warnings == {}
    assert devices.choices["badge"] == ("rdm6300", {"port": "loop://"})


def test_configured_from_the_default_settings(teller_home):
    from teller.config import load_settings

    devices = registry.configured(load_settings(teller_home), kinds=("badge",))
    assert isinstance(devices["badge"], SimulatedBadgeReader) and not devices.warnings


# ---- writing [devices.*] --------------------------------------------------------------

EXISTING = '''# my workstation
[workstation]
id = "WS07"   # counter 7
language = "en"

[devices.badge]
plugin = "simulated"
note = "kept"
[devices.badge.options]
old = 1

[core]
url = "http://core.example:8080"

[[till.denominations]]
kind = "note"
value = "100"
'''


def test_save_keeps_everything_else(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(EXISTING, encoding="utf-8")
    registry.save_device_config(config, {"badge": ("rdm6300", {"port": "/dev/ttyUSB0", "baudrate": 9600}),
                                         "printer": ("escp", {"address": "tcp://10.0.0.9:9100"})})
    text = config.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["workstation"] == {"id": "WS07", "language": "en"}
    assert data["core"] == {"url": "http://core.example:8080"}
    assert data["till"] == {"denominations": [{"kind": "note", "value": "100"}]}
    assert data["devices"] == {
        "badge": {"plugin": "rdm6300", "note": "kept", "options": {"port": "/dev/ttyUSB0", "baudrate": 9600}},
        "printer": {"plugin": "escp", "options": {"address": "tcp://10.0.0.9:9100"}}}
    assert "# my workstation" in text and "# counter 7" in text
    registry.save_device_config(config, {"badge": ("simulated", {})})  # again: no duplicate tables
    assert tomllib.loads(config.read_text())["devices"]["badge"] == {"plugin": "simulated", "note": "kept", "options": {}}


def test_save_creates_the_file_and_refuses_layouts_it_cannot_update(tmp_path):
    config = tmp_path / "new" / "config.toml"
    registry.save_device_config(config, {"card": ("pcsc", {"reader": 'ACS "ACR38" 00'})})
    assert tomllib.loads(config.read_text())["devices"]["card"]["options"]["reader"] == 'ACS "ACR38" 00'
    dotted = tmp_path / "dotted.toml"
    dotted.write_text('devices.badge.plugin = "rdm6300"\n[core]\nurl = "x"\n')
    with pytest.raises(ConfigurationError, match="cannot update safely"):
        registry.save_device_config(dotted, {"badge": ("simulated", {})})
    assert dotted.read_text().startswith("devices.badge.plugin")  # untouched
    broken = tmp_path / "broken.toml"
    broken.write_text("[core\n")
    with pytest.raises(ConfigurationError, match="fix it before saving"):
        registry.save_device_config(broken, {"badge": ("simulated", {})})


keys = st.text(min_size=1, max_size=12)
values = st.one_of(st.text(max_size=30), st.integers(-2**63, 2**63 - 1), st.booleans(),
                   st.floats(allow_nan=False), st.lists(st.integers(-5, 5), max_size=3))


@given(st.sampled_from(["simulated", "rdm6300", "pcsc"]), st.dictionaries(keys, values, max_size=5))
def test_round_trip(tmp_path_factory, name, options):
    config = tmp_path_factory.mktemp("rt") / "config.toml"
    config.write_text('[workstation]\nid = "WS01"\n')
    registry.save_device_config(config, {"badge": (name, options)})
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert data == {"workstation": {"id": "WS01"}, "devices": {"badge": {"plugin": name, "options": options}}}
