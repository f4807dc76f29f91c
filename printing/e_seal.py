"""The electronic seal (电子印章) printed on receipts: a vector drawing in seal red, the branch's
name running clockwise along the top of a double ring, a five-pointed star in the middle and the
seal's name (e.g. 现金清讫章) straight across below it. Drawn by reportlab on the caller's canvas."""
from __future__ import annotations

import math

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

SEAL_RED = colors.HexColor("#D0262D")


def draw_e_seal(c: Canvas, cx: float, cy: float, radius: float, branch_name: str, seal_name: str, font: str) -> None:
    """Draws the seal centred at (cx, cy); the branch name's Chinese part is used on the ring (the
    text before the first space when it has one, e.g. "城东支行营业室 East City Branch")."""
    ring_text = branch_name.split(" ")[0].strip() or branch_name
    c.saveState()
    c.setStrokeColor(SEAL_RED)
    c.setFillColor(SEAL_RED)
    c.setLineWidth(radius * 0.06)
    c.circle(cx, cy, radius, stroke=1, fill=0)
    c.setLineWidth(radius * 0.015)
    c.circle(cx, cy, radius * 0.9, stroke=1, fill=0)
    _star(c, cx, cy + radius * 0.08, radius * 0.28)
    # the ring text: characters spread over an arc of up to 240 degrees centred at the top
    size = radius * 0.26
    count = max(1, len(ring_text))
    span = min(240.0, 24.0 * count)
    for i, char in enumerate(ring_text):
        angle = 90 + span / 2 - (span * (i + 0.5) / count)  # degrees, left to right over the top
        x = cx + radius * 0.7 * math.cos(math.radians(angle))
        y = cy + radius * 0.7 * math.sin(math.radians(angle))
        c.saveState()
        c.translate(x, y)
        c.rotate(angle - 90)
        c.setFont(font, size)
        c.drawCentredString(0, -size * 0.35, char)
        c.restoreState()
    name_size = min(radius * 0.24, (radius * 1.3) / max(1, len(seal_name)))
    c.setFont(font, name_size)
    c.drawCentredString(cx, cy - radius * 0.55, seal_name)
    c.restoreState()


def _star(c: Canvas, cx: float, cy: float, r: float) -> None:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.382
        angle = math.radians(90 + k * 36)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    path = c.beginPath()
    path.moveTo(*points[0])
    for p in points[1:]:
        path.lineTo(*p)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
