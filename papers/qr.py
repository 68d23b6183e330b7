"""QR codes for the short links printed on notices: one helper for pages and PDFs."""

import segno
from django.utils.safestring import mark_safe

# Medium error correction survives a notice-board print that is creased or sun-faded.
_ERROR = "m"


def _code(url):
    return segno.make(url, error=_ERROR, micro=False)


def qr_svg(url, scale=4, title=None) -> str:
    """Inline SVG for an HTML page. segno escapes the URL, so the markup is safe to embed."""
    svg = _code(url).svg_inline(scale=scale, border=2, title=title or url)
    return mark_safe(svg)


def qr_data_uri(url, scale=4) -> str:
    """A data: URI for <img src> in PDFs, where inline SVG is not an option."""
    return _code(url).svg_data_uri(scale=scale, border=2)
