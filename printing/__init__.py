"""reportlab documents (receipts, registers, reports) and ESC/P layouts; imports teller.domain only, never Qt."""
