"""Staff badge readers: RFID readers that stream frames over a serial port (RDM6300).

Readers implement teller.ports.BadgeReader and call back from their own thread; the UI
layer turns those callbacks into signals.
"""
