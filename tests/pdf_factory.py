"""Tiny text PDFs built by hand, so tests can make as many distinct documents as they need.

`make_pdf(["first page text", "second page"])` gives a valid PDF (correct xref table) with
one Helvetica text object per page; pdfplumber reads the text back. Helvetica's WinAnsi
encoding has no ğ, ı, ş or İ: keep page text ASCII (or Latin-1: ç, ö, ü), or pass
`turkish=True`, which gives those letters codes WinAnsi leaves unused (an `/Encoding` with
`/Differences` naming their glyphs, as a PDF writer does). The title (the Info dictionary)
may hold any letter.
"""

from __future__ import annotations

import string

# Turkish letters WinAnsi lacks → (a code it leaves unused or rarely uses, the glyph's name).
TURKISH_CODES = {
    "ı": (0x81, "dotlessi"),
    "İ": (0x8D, "Idotaccent"),
    "ş": (0x8F, "scedilla"),
    "Ş": (0x90, "Scedilla"),
    "ğ": (0x9D, "gbreve"),
    "Ğ": (0x80, "Gbreve"),
}
TURKISH_DIFFERENCES = b" ".join(
    b"%d /%s" % (code, name.encode()) for code, name in TURKISH_CODES.values()
)


def pdf_string(text: str, turkish: bool = False) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    if not turkish:
        return b"(" + escaped.encode("cp1252", errors="replace") + b")"
    encoded = bytearray()
    for character in escaped:
        if character in TURKISH_CODES:
            encoded.append(TURKISH_CODES[character][0])
        else:
            encoded += character.encode("cp1252", errors="replace")
    return b"(" + bytes(encoded) + b")"


def page_stream(text: str, size: int = 12, turkish: bool = False) -> bytes:
    lines = [b"BT", f"/F1 {size} Tf".encode(), b"16 TL", b"56 780 Td"]
    for number, line in enumerate(text.splitlines() or [""]):
        lines.append(pdf_string(line, turkish) + (b" Tj" if number == 0 else b" '"))
    lines.append(b"ET")
    return b"\n".join(lines)


def make_pdf(pages: str | list[str], title: str | None = None, turkish: bool = False) -> bytes:
    """A PDF whose pages hold the given texts (one line per text line); `turkish`: page
    text may hold ğ, ı, ş, İ, Ş and Ğ too."""
    texts = [pages] if isinstance(pages, str) else pages
    objects: list[bytes] = []
    page_ids = [4 + 2 * index for index in range(len(texts))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(f"{pid} 0 R".encode() for pid in page_ids)
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(texts))
    encoding = (
        b"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences ["
        + TURKISH_DIFFERENCES
        + b"] >>"
        if turkish
        else b"/WinAnsiEncoding"
    )
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding " + encoding + b" >>"
    )
    for page_id, text in zip(page_ids, texts, strict=True):
        stream = page_stream(text, turkish=turkish)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info_ref = b""
    if title is not None:
        # Info strings may be UTF-16 (with its byte-order mark): any title, ı and ş included.
        utf16 = ("\ufeff" + title).encode("utf-16-be").hex().upper().encode()
        objects.append(b"<< /Title <" + utf16 + b"> >>")
        info_ref = b" /Info %d 0 R" % len(objects)
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        output += b"%010d 00000 n \n" % offset
    output += b"trailer\n<< /Size %d /Root 1 0 R" % (len(objects) + 1) + info_ref + b" >>\n"
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)


def distinct_word(number: int, prefix: str = "zq") -> str:
    """A made-up word that no real document holds, distinct for each number: zqbac, zqbad…"""
    letters = string.ascii_lowercase
    digits = []
    number += 26 * 26
    while number:
        number, rest = divmod(number, 26)
        digits.append(letters[rest])
    return prefix + "".join(reversed(digits))
