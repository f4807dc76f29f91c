"""Voucher and passbook printers: ESC/P over serial, file or TCP, and a simulated
printer that keeps each finished document as a PDF for the on-screen preview."""
