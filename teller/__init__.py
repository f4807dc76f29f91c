"""Everything that is not UI, device or layout: domain rules, use cases, stores, sync, core emulator.

Never imports widgets, devices, printing or PySide6 (teller.cli excepted); see tests/test_import_rule.py.
"""
