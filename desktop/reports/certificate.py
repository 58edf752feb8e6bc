"""Certificates, A4 landscape: เกียรติบัตร for taking part, วุฒิบัตร for completing a course.

The emblem or logo, the issuing office, the title, "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า",
the name with its prefix (large), what was taken part in or completed (course and
cohort), "ให้ไว้ ณ วันที่ ...", the signatory's name and position, and the running
certificate number. One page per certificate; a whole cohort goes in one PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from desktop.reports.layout import Signer, check_digits, dg, draw_emblem, thai_date
from desktop.reports.thai_text import (
    BOLD,
    REGULAR,
    break_lines,
    draw_text,
    register_fonts,
)

PAGE = landscape(A4)
NAVY = colors.Color(0.08, 0.16, 0.38)
GOLD = colors.Color(0.72, 0.56, 0.18)


@dataclass(frozen=True)
class Certificate:
    name: str                       # with prefix: นางกนกวรรณ ใจรักษ์
    completed: bool                 # วุฒิบัตร when True, เกียรติบัตร otherwise
    course: str
    cohort: str
    issued_on: date
    number: str
    issuer: str                     # the issuing office, printed under the emblem
    signer: Signer | None = None
    emblem_image: str | None = None
    digits: str = "thai"

    @property
    def title(self) -> str:
        return "วุฒิบัตร" if self.completed else "เกียรติบัตร"


def _border(c: Canvas) -> None:
    w, h = PAGE
    c.saveState()
    c.setStrokeColor(NAVY)
    c.setLineWidth(3)
    c.rect(1.0 * cm, 1.0 * cm, w - 2.0 * cm, h - 2.0 * cm)
    c.setStrokeColor(GOLD)
    c.setLineWidth(1)
    c.rect(1.35 * cm, 1.35 * cm, w - 2.7 * cm, h - 2.7 * cm)
    c.restoreState()


def _centred(c: Canvas | None, text: str, font: str, size: float, y: float, width: float, leading: float) -> float:
    """Draw ``text`` centred, wrapped to ``width`` (only measure when ``c`` is None);
    return the baseline below the last line."""
    for line in break_lines(text, font, size, width):
        if c is not None:
            draw_text(c, line, font, size, PAGE[0] / 2, y, align="center")
        y -= leading
    return y


def _body(c: Canvas | None, cert: Certificate, top: float, k: float) -> float:
    """The middle of the certificate from ``top`` down at scale ``k``; returns the last baseline."""
    d, w = cert.digits, PAGE[0]
    y = _centred(c, dg(cert.issuer, d), BOLD, 20 * k, top, w - 4 * cm, 26 * k)
    if c is not None:
        c.saveState()
        c.setFillColor(NAVY)
    y = _centred(c, cert.title, BOLD, 44 * k, y - 22 * k, w, 50 * k)
    if c is not None:
        c.restoreState()
    verb = "ขอมอบวุฒิบัตรฉบับนี้ไว้เพื่อแสดงว่า" if cert.completed else "ขอมอบเกียรติบัตรฉบับนี้ไว้เพื่อแสดงว่า"
    y = _centred(c, verb, REGULAR, 20 * k, y + 4 * k, w, 26 * k)
    y = _centred(c, cert.name, BOLD, 34 * k, y - 20 * k, w - 4 * cm, 42 * k)
    what = ("ได้ผ่านการฝึกอบรม" if cert.completed else "ได้เข้าร่วม") + cert.course
    y = _centred(c, dg(what, d), REGULAR, 20 * k, y - 4 * k, w - 6 * cm, 26 * k)
    if cert.cohort:
        y = _centred(c, dg("รุ่น " + cert.cohort, d), REGULAR, 20 * k, y, w - 6 * cm, 26 * k)
    return _centred(c, "ให้ไว้ ณ วันที่ " + thai_date(cert.issued_on, d, era=True), REGULAR, 20 * k, y - 4 * k,
                    w, 26 * k) + 26 * k


def draw_certificate(c: Canvas, cert: Certificate) -> None:
    d = cert.digits
    w, h = PAGE
    _border(c)
    draw_text(c, dg(f"เลขที่ {cert.number}", d), REGULAR, 14, w - 2.2 * cm, h - 2.3 * cm, align="right")
    size = 2.4 * cm
    draw_emblem(c, (w - size) / 2, h - 1.8 * cm - size, size, cert.emblem_image)
    top = h - 1.8 * cm - size - 0.8 * cm
    # The signature block sits on the bottom; the space to sign above it.
    signer = cert.signer or Signer()
    lines = [f"({signer.full_name})" if signer.full_name else "(........................................)"]
    for position in signer.position_lines:
        lines += break_lines(dg(position, d), REGULAR, 17, 21 * cm)
    sign_top = 2.1 * cm + 22 * (len(lines) - 1)        # baseline of the name line
    space = 1.5 * cm
    k = 1.0
    while k > 0.7 and _body(None, cert, top, k) < sign_top + space + 14:
        k -= 0.04
    _body(c, cert, top, k)
    if signer.signature_image and Path(signer.signature_image).is_file():
        try:
            c.drawImage(signer.signature_image, w / 2 - 2.5 * cm, sign_top + 0.45 * cm, width=5 * cm,
                        height=space - 0.2 * cm, preserveAspectRatio=True, anchor="c", mask="auto")
        except Exception:  # noqa: BLE001 - leave the space to sign by hand
            pass
    y = sign_top
    for line in lines:
        draw_text(c, line, REGULAR, 17, w / 2, y, align="center")
        y -= 22


def render_certificates(certs: list[Certificate] | tuple[Certificate, ...], out_path: str | Path) -> Path:
    """One page per certificate, in the order given."""
    if not certs:
        raise ValueError("no certificates to print")
    for cert in certs:
        check_digits(cert.digits)
    register_fonts()
    out = Path(out_path)
    c = Canvas(str(out), pagesize=PAGE, initialFontName=REGULAR)
    c.setTitle(certs[0].title if len(certs) == 1 else "เกียรติบัตรและวุฒิบัตร")
    c.setAuthor("GovLab Desk")
    c.setSubject(certs[0].course)
    for cert in certs:
        draw_certificate(c, cert)
        c.showPage()
    c.save()
    return out
