"""Defences for user-provided content: direction controls, links, images.

* Unicode direction controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, ALM) and
  other invisible control characters are removed from every text we store, so that
  no entry can reverse or hide text ("Trojan Source"). Pages still isolate each
  user text with ``<bdi>`` so that an Arabic name does not reorder a German line.
* Links are accepted only with the http or https scheme.
* Uploaded images are decoded with Pillow (size-limited), then re-encoded as PNG
  without metadata; anything Pillow cannot read is refused.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

#: Direction embeddings/overrides/isolates, Arabic letter mark, and invisible format
#: characters that can hide text; line breaks and tabs are kept.
_CONTROLS = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u061c\u200b-\u200d\u2028\u2029\ufeff"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)

http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address beginning with https:// or http://.")
)


def clean_text(value: Any) -> Any:
    """Text without direction controls and control characters (other values unchanged)."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


def clean_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {key: clean_text(value) for key, value in data.items()}


def safe_url(value: str) -> str:
    """The link if it is a valid http(s) address, else an empty string (for output)."""
    if not value:
        return ""
    try:
        http_url_validator(value)
    except ValidationError:
        return ""
    return value


MAX_IMAGE_PIXELS = 4096 * 4096
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_LOGO_SIDE = 800


def reencode_image(data: bytes) -> bytes:
    """Decode an uploaded image and re-encode it as a PNG without metadata.

    Raises :class:`ValidationError` for anything that is not a JPEG, PNG, GIF or WebP
    image, is too large, or is a decompression bomb.
    """
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image is larger than 5 MB."), code="too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in {"JPEG", "PNG", "GIF", "WEBP"}:
                raise ValidationError(_("Upload a JPEG, PNG, GIF or WebP image."), code="format")
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="too_large")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            converted = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB")
            converted.thumbnail((MAX_LOGO_SIDE, MAX_LOGO_SIDE))
            out = io.BytesIO()
            converted.save(out, format="PNG", optimize=True)
            return out.getvalue()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not an image we can read."), code="invalid") from None
