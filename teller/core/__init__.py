"""The bundled core-banking emulator, a separate process.

`teller.core.ledger` keeps accounts and postings (idempotent by key) in a SQLite file,
`teller.core.server` serves them over HTTP/JSON (`python -m teller.core.server`), and
`teller.core.process` starts and stops that server as a child process (tests, demo).
The workstation talks to it only through `teller.sync.core_client.HttpCoreGateway`.
"""
