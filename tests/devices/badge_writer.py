"""Writes hex chunks to a serial device, pausing between them, like a badge reader would.

usage: python badge_writer.py DEVICE HEX [HEX ...]   (run as a separate process so the
reader is tested across a real pty pair, not inside one process)."""
import os
import sys
import time

GAP_S = 0.02  # socat ignores baud rate and forwards instantly: pace like a real reader


def main(device: str, chunks: list[str]) -> None:
    fd = os.open(device, os.O_WRONLY | os.O_NOCTTY)
    try:
        for chunk in chunks:
            os.write(fd, bytes.fromhex(chunk))
            time.sleep(GAP_S)
        # Closing the slave right after writing can race socat's read of the master;
        # linger so every byte is forwarded first.
        time.sleep(0.1)
    finally:
        os.close(fd)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
