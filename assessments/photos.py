"""Photos of duty log entries: checked, turned upright, shrunk and stripped of EXIF.

A phone photo carries the place it was taken (GPS in its EXIF) and is often 5–10 MB. What
is kept is re-encoded from the pixels alone: upright (the EXIF orientation applied first),
at most 1280 pixels on its longest side, JPEG at quality 80, with no EXIF at all.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1280
QUALITY = 80
MAX_PHOTOS = 3
# A phone's largest photos are about 50 megapixels; a small file that opens as a huge image
# (a flat PNG of 10,000 × 10,000) would take gigabytes to decode, so it is refused unread.
MAX_PIXELS = 50_000_000


def prepare(upload):
    """The photo to store, as a ContentFile named *.jpg; a ValidationError naming the photo
    when it is too big or not an image."""
    name = getattr(upload, "name", "") or _("photo")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The photo “%(name)s” is larger than 10 MB; take a smaller one."), code="too_big", params={"name": name}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValueError("too many pixels")
            # A JPEG is decoded straight at a reduced scale: a fraction of the memory and time.
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image.load()
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            # No exif= argument: the new file carries no EXIF (and so no GPS) at all.
            image.save(out, format="JPEG", quality=QUALITY, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("The file “%(name)s” is not a photo; choose a picture."),
            code="not_an_image",
            params={"name": name},
        ) from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
