"""Outbox, the core gateway client and branch sync."""
