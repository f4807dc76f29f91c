"""Prints a passbook's unprinted lines to the ESC/P printer at 127.0.0.1:PORT, as a separate
process the test can SIGKILL mid-job.

usage: python -m tests.services.passbook_child STORE PORT PASSBOOK_ID
"""
import sys
from pathlib import Path

from devices.printer.escp_printer import EscpVoucherPrinter
from teller.ports import SystemClock
from teller.services.passbook import PassbookService
from teller.services.print_queue import PrintQueue
from tests.services.print_helpers import COUNTER_TELLER, make_ctx


def main(store: str, port: str, passbook_id: str) -> None:
    ctx = make_ctx(Path(store), SystemClock())
    printer = EscpVoucherPrinter.from_options({"transport": "tcp", "host": "127.0.0.1", "port": int(port),
                                               "timeout": 60})
    result = PassbookService(ctx, PrintQueue(ctx, printer), staff=COUNTER_TELLER).print_unprinted(passbook_id, "T0107")
    print(result.status, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
