"""The receipt as a PDF: the same lines as the receipt page (what was bought, the total, each payment
received, each refund), drawn with reportlab.

Every string is drawn in the CID font STSong-Light, which PDF viewers supply themselves (one of
the Adobe Asian font packs' standard fonts): Chinese company, service and add-on names render with
no font file shipped or embedded, and Latin text and digits use the same font's half-width glyphs.
GB 2312 has no "¥" (U+00A5), only the full-width "￥" (U+FFE5), so amounts are written with that.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from tenant_apps.catalog.wording import money
from tenant_apps.payments.models import RefundStatus

FONT = "STSong-Light"
MARGIN = 50
LINE = 16


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def pdf_money(amount: int, currency: str) -> str:
    """money() with the full-width yen sign the font has."""
    return money(amount, currency).replace("¥", "￥")


@dataclass(frozen=True)
class ReceiptRow:
    when: str
    what: str
    reference: str
    amount: str


def receipt_rows(*, money_picture, currency: str, time_zone: str) -> list[ReceiptRow]:
    """Each payment received and each refund, as the receipt page lists them."""
    zone = ZoneInfo(time_zone)

    def when(moment: datetime | None) -> str:
        return date_format(timezone.localtime(moment, zone), "DATETIME_FORMAT") if moment else ""

    rows = [ReceiptRow(when(p.settled_at), f"{p.get_kind_display()} · {p.get_status_display()}", p.reference,
                       pdf_money(p.amount_fen, p.currency))
            for p in money_picture.payments if p.settled_at]
    rows += [ReceiptRow(when(r.created_at), f"{_('Refund')} · {r.get_status_display()}", r.reference,
                        pdf_money(-r.amount_fen, currency))
             for r in money_picture.refunds]
    return rows


def receipt_pdf(*, company_name: str, order, purchase: dict, money_picture, time_zone: str) -> bytes:
    """The PDF's bytes (A4, as many pages as the lines need)."""
    _register_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=0)
    canvas.setTitle(_("Receipt for order #%(id)s") % {"id": order.pk})
    width, height = A4
    y = height - MARGIN

    def line(text: str, *, size: int = 10, x: float = MARGIN, right: str = "") -> None:
        nonlocal y
        if y < MARGIN + LINE:
            canvas.showPage()
            y = height - MARGIN
        canvas.setFont(FONT, size)
        canvas.drawString(x, y, text)
        if right:
            canvas.drawRightString(width - MARGIN, y, right)
        y -= LINE + (size - 10)

    currency = order.currency
    zone = ZoneInfo(time_zone)
    line(_("Receipt"), size=18)
    line(f"{_('Company')}: {company_name}")
    line(f"{_('Order')}: #{order.pk} · {order.service_name}")
    line(f"{_('When')}: {date_format(timezone.localtime(order.starts_at, zone), 'DATETIME_FORMAT')}")
    y -= LINE / 2
    line(_("What you booked"), size=13)
    if purchase.get("variant"):
        line(f"{_('Option')}: {purchase['variant']}")
    for add_on in purchase.get("add_ons", []):
        count = add_on["quantity"]
        line(f"{_('Add-ons')}: {add_on['name']}" + (f" × {count}" if count != 1 else ""))
    for item in purchase.get("lines", []):
        label = item["label"] + (f" × {item['quantity']}" if item.get("quantity") else "")
        line(label, right=item["amount"].replace("¥", "￥"))
    line(_("Total"), size=12, right=pdf_money(order.total, currency))
    if order.fees_charged:
        line(_("Fees charged"), right=pdf_money(order.fees_charged, currency))
    y -= LINE / 2
    line(_("Payments"), size=13)
    rows = receipt_rows(money_picture=money_picture, currency=currency, time_zone=time_zone)
    for row in rows:
        line(f"{row.when}  {row.what}  {row.reference}", size=9, right=row.amount)
    if not rows:
        line(_("No payment received yet."), size=9)
    received = sum(p.amount_fen for p in money_picture.payments if p.settled_at)
    refunded = sum(r.amount_fen for r in money_picture.refunds if r.status != RefundStatus.FAILED)  # it came back
    line(_("Received"), right=pdf_money(received, currency))
    if refunded:
        line(_("Refunded"), right=pdf_money(-refunded, currency))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
