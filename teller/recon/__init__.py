"""Reconciliation with the core (对账): statement import (camt.053, CSV), matching, breaks."""
