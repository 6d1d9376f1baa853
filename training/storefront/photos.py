"""Product photos: checked by their content (not their name), resized, re-encoded as JPEG.

Re-encoding drops every piece of metadata (EXIF, GPS, comments) and anything hidden in the file;
only the pixels survive. The bytes go into the database, so app servers keep no files.
"""
from __future__ import annotations

import io
import warnings

from training.extensions import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 3 * 1024 * 1024
MAX_SIDE = 1000
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class PhotoError(ValueError):
    """An upload that is not a usable photo; the message is for the learner."""


def process_photo(stream) -> tuple[bytes, int, int, str]:
    """Read an uploaded file and return (JPEG bytes, width, height, content type) or raise PhotoError."""
    raw = stream.read(MAX_BYTES + 1)
    if not raw:
        raise PhotoError(_("Pilih foto dulu."))
    if len(raw) > MAX_BYTES:
        raise PhotoError(_("Foto terlalu besar. Paling besar 3 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise PhotoError(_("Berkas ini bukan foto. Pakai foto JPG atau PNG."))
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoError(_("Foto terlalu besar. Paling besar 3 MB."))
                probe.verify()
            with Image.open(io.BytesIO(raw)) as image:
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGB")
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=82, optimize=True)
                return out.getvalue(), image.width, image.height, "image/jpeg"
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise PhotoError(_("Berkas ini bukan foto. Pakai foto JPG atau PNG.")) from None
