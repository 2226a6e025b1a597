"""The text of a PDF drawn by tenant_apps.orders.receipt_pdf (uncompressed, one CID font whose
strings are UTF-16BE), read from its content streams: no PDF library needed."""
from __future__ import annotations

import re

_SHOWN = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        char = raw[i:i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            i += 1 + len(octal.group())
        else:
            nxt = raw[i + 1:i + 2]
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def pdf_lines(pdf: bytes) -> list[str]:
    """Every string shown (Tj), in drawing order."""
    assert pdf.startswith(b"%PDF-")
    return [_unescape(m.group(1)).decode("utf-16-be") for m in _SHOWN.finditer(pdf)]
