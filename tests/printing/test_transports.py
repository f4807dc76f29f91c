"""Printer transports against real peers: loop://, a socat pty pair, a TCP printer on
127.0.0.1 and files; a link that goes away is PrinterOffline, never a stray OSError."""
from __future__ import annotations

import socket
import struct
import threading

import pytest
import serial

from devices.printer.transports import (FileTransport, PrinterOffline, SerialTransport, TcpTransport,
                                        transport_from_options)
from tests.printing.form_samples import golden
from tests.printing.printer_peers import pty_printer, tcp_printer, wait_for  # noqa: F401 (fixtures)

DEPOSIT = golden("deposit_slip")  # reviewed byte streams (test_escp checks they are current)
PASSBOOK = golden("passbook")


def test_serial_over_loop_url():
    loop = serial.serial_for_url("loop://", timeout=0.2)
    transport = SerialTransport("loop://", serial_factory=lambda *a, **k: loop)
    transport.send(DEPOSIT)
    assert loop.read(len(DEPOSIT) + 10) == DEPOSIT
    transport.close()
    assert transport.describe() == "serial loop:// @ 9600"


def test_serial_over_a_socat_pty_pair(pty_printer):
    transport = SerialTransport(str(pty_printer.printer_port), baudrate=115200)
    transport.send(DEPOSIT)
    transport.send(PASSBOOK)
    assert pty_printer.wait_received(len(DEPOSIT + PASSBOOK)) == DEPOSIT + PASSBOOK
    transport.close()


def test_serial_port_vanishing_is_offline_and_it_recovers(pty_printer):
    transport = SerialTransport(str(pty_printer.printer_port))
    transport.send(DEPOSIT)
    pty_printer.wait_received(len(DEPOSIT))
    pty_printer.kill()
    with pytest.raises(PrinterOffline) as first:  # the open pty now answers EIO
        transport.send(PASSBOOK)
    assert not first.value.partial and first.value.retryable
    with pytest.raises(PrinterOffline, match="cannot be opened"):  # and then the port is gone
        transport.send(PASSBOOK)
    pty_printer.start()
    transport.send(PASSBOOK)
    assert pty_printer.wait_received(len(DEPOSIT + PASSBOOK)) == DEPOSIT + PASSBOOK  # each exactly once
    transport.close()


def test_missing_serial_device_is_offline():
    with pytest.raises(PrinterOffline, match="/dev/ttyNOPE.*cannot be opened"):
        SerialTransport("/dev/ttyNOPE").send(b"x")


def test_tcp_one_connection_per_job(tcp_printer):
    transport = TcpTransport("127.0.0.1", tcp_printer.port)
    transport.send(DEPOSIT)
    transport.send(PASSBOOK)
    assert tcp_printer.jobs == [DEPOSIT, PASSBOOK]
    assert transport.describe() == f"tcp 127.0.0.1:{tcp_printer.port}"


def test_tcp_printer_switched_off_is_offline_with_nothing_sent(tcp_printer):
    transport = TcpTransport("127.0.0.1", tcp_printer.port, timeout=2)
    tcp_printer.stop()
    with pytest.raises(PrinterOffline, match="not reachable") as caught:
        transport.send(DEPOSIT)
    assert caught.value.sent == 0 and not caught.value.partial
    tcp_printer.start()
    transport.send(DEPOSIT)
    assert tcp_printer.jobs == [DEPOSIT]


def test_tcp_printer_busy_holding_the_connection_counts_as_sent(tcp_printer):
    tcp_printer.hold_open = True
    TcpTransport("127.0.0.1", tcp_printer.port, timeout=0.3).send(DEPOSIT)
    wait_for(lambda: tcp_printer.jobs == [DEPOSIT], what="the job")
    tcp_printer.hold_open = False


def test_tcp_connection_reset_mid_job_is_partial():
    listener = socket.create_server(("127.0.0.1", 0))

    def reset_after_a_few_bytes():
        conn, _ = listener.accept()
        conn.recv(10)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()  # RST: the printer died mid-job

    thread = threading.Thread(target=reset_after_a_few_bytes)
    thread.start()
    with pytest.raises(PrinterOffline) as caught:
        TcpTransport("127.0.0.1", listener.getsockname()[1], timeout=2).send(DEPOSIT)
    thread.join()
    listener.close()
    assert caught.value.partial and caught.value.sent > 0  # part of it may be on the paper


def test_file_appends_jobs(tmp_path):
    target = tmp_path / "capture.prn"
    transport = FileTransport(target)
    transport.send(DEPOSIT)
    transport.send(PASSBOOK)
    assert target.read_bytes() == DEPOSIT + PASSBOOK


def test_file_that_cannot_be_written_is_offline(tmp_path):
    with pytest.raises(PrinterOffline, match="cannot be opened") as missing:
        FileTransport(tmp_path / "no-such-dir" / "lp0").send(DEPOSIT)
    assert missing.value.sent == 0
    with pytest.raises(PrinterOffline, match="disk full") as full:
        FileTransport("/dev/full").send(DEPOSIT)
    assert not full.value.partial


@pytest.mark.parametrize("options, kind", [
    ({"transport": "serial", "port": "loop://"}, SerialTransport),
    ({"transport": "tcp", "host": "10.0.0.9"}, TcpTransport),
    ({"transport": "file", "path": "/tmp/x.prn"}, FileTransport),
])
def test_transport_from_options(options, kind):
    transport = transport_from_options(options)
    assert isinstance(transport, kind)
    if kind is TcpTransport:
        assert transport.port == 9100


@pytest.mark.parametrize("options, problem", [
    ({}, "serial, tcp or file"), ({"transport": "serial"}, "needs port"),
    ({"transport": "tcp"}, "needs host"), ({"transport": "file"}, "needs path"),
])
def test_transport_options_that_cannot_work_say_why(options, problem):
    with pytest.raises(ValueError, match=problem):
        transport_from_options(options)
