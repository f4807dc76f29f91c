"""Import of the core's statement files into the branch store: all or nothing.

The file is parsed and checked whole before anything is written (StatementRefused with the
reason and position); then the file, its statements and entries go in one transaction.
Importing the same bytes again is a no-op (the file's SHA-256); a statement already imported
from another file (same account and statement id) refuses the new file whole."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from teller.ports import Clock
from teller.recon.camt053 import parse_camt053
from teller.recon.csv_statement import parse_csv
from teller.recon.statements import ParsedFile, StatementRefused, check_file
from teller.store.stores import BranchStore


@dataclass(frozen=True)
class ImportResult:
    file_id: int
    format: str
    statements: int
    entries: int
    already_imported: bool


def parse_statement_file(data: bytes, csv_mapping: dict[str, str] | None = None) -> ParsedFile:
    """camt.053 when the file is XML, else CSV (with the mapping)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return parse_camt053(data) if head == b"<" else parse_csv(data, csv_mapping)


class StatementImporter:
    def __init__(self, branch: BranchStore, clock: Clock, allowed_accounts: set[str] | None = None):
        self.branch, self.clock, self.allowed_accounts = branch, clock, allowed_accounts

    def import_file(self, data: bytes, name: str, imported_by: str,
                    csv_mapping: dict[str, str] | None = None) -> ImportResult:
        digest = hashlib.sha256(data).hexdigest()
        with self.branch.required("Importing a statement") as unit:
            known = unit.recon.file_by_hash(digest)
        if known is not None:
            return ImportResult(known.file_id, "", known.statements, known.entries, True)
        parsed = parse_statement_file(data, csv_mapping)
        check_file(parsed, self.allowed_accounts)
        with self.branch.required("Importing a statement", write=True) as unit:
            if (known := unit.recon.file_by_hash(digest)) is not None:  # imported meanwhile
                return ImportResult(known.file_id, "", known.statements, known.entries, True)
            refs = [(s.account, s.statement_ref) for s in parsed.statements]
            duplicates = unit.recon.statements_already_imported(refs)
            if duplicates:
                account, ref = duplicates[0]
                stmt = next(s for s in parsed.statements if (s.account, s.statement_ref) == (account, ref))
                raise StatementRefused(f"statement {ref} of account {account} was already imported from "
                                       "another file", stmt.position)
            stored = unit.recon.add_file(digest, name, parsed.format, self.clock.now().isoformat(timespec="seconds"),
                                         imported_by, parsed.statements)
        return ImportResult(stored.file_id, parsed.format, stored.statements, stored.entries, False)
