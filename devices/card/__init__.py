"""Bank-card readers: EMV/PBOC chip reading (emv, reader_flow), the PC/SC reader over pyscard
(pcsc), a virtual card for vpcd (virtual_card) and the simulated twin. No Qt."""
