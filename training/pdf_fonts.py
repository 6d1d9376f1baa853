"""Embedded TrueType fonts for the PDFs (certificates, readiness reports), built once per worker.

reportlab embeds a subset of each TrueType font in every document, made and compressed anew
each time. Here every document first claims the same ordered :data:`ALPHABET`, so its subsets
come out byte for byte the same, and each font remembers the subsets it built and their
compressed bytes: after a worker's first document, fonts cost almost nothing. A text with a
letter outside the alphabet still works; it only costs one more subset build.
"""
from __future__ import annotations

import zlib

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Letters a document may print, claimed in this order by every document so that the font
# subsets come out identical (printable ASCII, then typographic marks and Latin-1 letters).
ALPHABET = "".join(map(chr, range(32, 127))) + "·–—‘’“”…•" + "".join(
    chr(c) for c in range(0xC0, 0x100) if c not in (0xD7, 0xF7))


class _FlateOnce:
    """zlib as reportlab's stream filter, remembering what it compressed: font subsets repeat."""

    pdfname = "FlateDecode"
    limit = 32  # distinct subsets kept per worker; names with rare letters add a few

    def __init__(self):
        self._done: dict[bytes, bytes] = {}

    def encode(self, data: bytes) -> bytes:
        """The compressed bytes, made once per distinct content."""
        found = self._done.get(data)
        if found is None:
            if len(self._done) >= self.limit:
                self._done.clear()
            found = self._done[data] = zlib.compress(data)
        return found

    def decode(self, encoded: bytes) -> bytes:
        """Undo :meth:`encode` (reportlab's filter interface)."""
        return zlib.decompress(encoded)


_FLATE_ONCE = _FlateOnce()


def subsets_once(font: TTFont) -> None:
    """Make ``font`` build and compress each distinct embedded subset once per process."""
    face = font.face
    made: dict[tuple, bytes] = {}
    make_subset, add_subset_objects = face.makeSubset, face.addSubsetObjects

    def subset_once(subset):
        """The font file of ``subset``, made on first use."""
        key = tuple(subset)
        if key not in made:
            if len(made) >= _FlateOnce.limit:
                made.clear()
            made[key] = make_subset(subset)
        return made[key]

    def add_objects(doc, fontname, subset):
        """reportlab's subset objects, the font file compressed through the remembering filter."""
        reference = add_subset_objects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if isinstance(stream, pdfdoc.PDFStream) and stream.filters:
            stream.filters = [_FLATE_ONCE]
        return reference

    face.makeSubset, face.addSubsetObjects = subset_once, add_objects


def claim_alphabet(canvas, font_names) -> None:
    """Give :data:`ALPHABET` its codes in each font before anything is drawn (same subsets every time).

    Only for fonts the document will use: a claimed font that draws nothing would keep its
    per-document state.
    """
    for name in font_names:
        pdfmetrics.getFont(name).splitString(ALPHABET, canvas._doc)
