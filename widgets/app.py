"""`teller-workstation`: the desktop program's composition root."""
from __future__ import annotations

import argparse
import atexit
import os
import sys
import time
from pathlib import Path

_STARTED = time.perf_counter()


def _process_age() -> float:
    """Seconds since this process was created (Linux), so start-up counts the interpreter too."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        start = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]) / ticks
        return float(Path("/proc/uptime").read_text().split()[0]) - start
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _STARTED


def make_bootstrap(home: Path | None, demo: bool, core_url: str | None, workstation: str | None = None):
    """What runs off the UI thread at start-up: stores, keys, the core (bundled emulator if none),
    and the configured devices; returns (workstation, printer, registry.DeviceSet)."""

    def bootstrap():
        from devices import registry
        from devices.printer.simulated import SimulatedVoucherPrinter
        from teller.config import load_settings
        from teller.services.demo import seed_demo_branch
        from teller.services.workstation import build_workstation
        from teller.store.secrets import make_secret_store
        from teller.sync.core_client import HttpCoreGateway

        overrides = {"secrets": {"backend": "encrypted-file"}} if demo else {}
        if workstation:
            overrides["workstation"] = {"id": workstation}
        settings = load_settings(home, overrides)
        url = core_url or settings.core.get("url")
        if not url:
            from teller.core.process import start_core_process

            core = start_core_process(str(settings.home / "core-emulator.sqlite"), extra_args=("--demo",))
            atexit.register(core.stop)
            url = core.url
        gateway = HttpCoreGateway(url, connect_timeout=float(settings.core["connect_timeout_s"]),
                                  read_timeout=float(settings.core["read_timeout_s"]))
        ws = build_workstation(settings, gateway, make_secret_store(settings.secrets, settings.home))
        atexit.register(ws.close)
        if demo:
            with ws.ctx.branch_tx() as db:
                seed_demo_branch(db, ws.ctx.now_text())
        printed = settings.home / "printed"
        devices = registry.configured(settings, defaults=registry.default_options(settings.home))
        if "printer" not in devices:  # not even the simulated plugin could be built: keep previews working
            devices["printer"] = SimulatedVoucherPrinter(printed)
            devices.choices["printer"] = ("simulated", {})
        return ws, devices["printer"], devices

    return bootstrap


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="teller-workstation", description="Bank teller workstation")
    parser.add_argument("--home", help="data directory (default: TELLER_HOME or the platform's data dir)")
    parser.add_argument("--demo", action="store_true",
                        help="demo branch: demo staff, vault cash, bundled core emulator with demo accounts; "
                             "journal key in the encrypted-file keyring (password from TELLER_KEYRING_PASSWORD)")
    parser.add_argument("--core-url", help="core banking system (default: [core] url, else the bundled emulator)")
    parser.add_argument("--workstation", help="workstation id (default: [workstation] id), e.g. a second demo desk")
    parser.add_argument("--language", choices=["zh_CN", "en"])
    parser.add_argument("--measure-startup", action="store_true",
                        help="print the seconds from process start to the sign-in screen, then exit")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from widgets.i18n import install_language
    from widgets.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    language = args.language or "zh_CN"
    install_language(app, language)
    from widgets.style import apply_style

    apply_style(app)
    demo_badges = None
    if args.demo:
        from teller.services.demo import DEMO_LOST_BADGE, DEMO_STAFF

        demo_badges = [(p.name, p.badge) for p in DEMO_STAFF] + [("(lost badge)", DEMO_LOST_BADGE)]
    home = Path(args.home) if args.home else None
    window = MainWindow(make_bootstrap(home, args.demo, args.core_url, args.workstation), language=language, demo_badges=demo_badges)
    window.showMaximized()  # a counter screen uses the whole monitor
    if args.measure_startup:
        def report():
            print(f"{_process_age():.3f}", flush=True)
            window.runner.wait()
            app.quit()
        QTimer.singleShot(0, report)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
