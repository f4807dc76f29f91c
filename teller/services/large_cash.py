"""The customer's identity and purpose that the central bank's large-cash rule asks for
(大额现金: 50,000 CNY or more per customer per day in one direction)."""
from __future__ import annotations

from dataclasses import dataclass

from teller.domain.errors import TellerError
from teller.domain.masking import mask_number
from teller.services.identity import check_id_document


class IdentityRequired(TellerError):
    code = "identity_required"


@dataclass(frozen=True)
class CustomerIdentity:
    id_type: str
    id_number: str
    purpose: str

    @classmethod
    def checked(cls, id_type: str, id_number: str, purpose: str) -> "CustomerIdentity":
        """Validates what the teller typed: a resident ID by its checksum and birth date."""
        if not purpose.strip():
            raise IdentityRequired("Enter the purpose of the large cash transaction.")
        return cls(id_type, check_id_document(id_type, id_number), purpose.strip())

    def for_report(self) -> dict:
        """What the large-value report keeps (the full ID number is required by the regulator)."""
        return {"id_type": self.id_type, "id_number": self.id_number, "purpose": self.purpose,
                "id_masked": mask_number(self.id_number)}
