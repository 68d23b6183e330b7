"""Resident ID numbers (居民身份证号码, GB 11643-1999).

These are personal data: callers mask them for anyone but the member's own branch
officers, and never put them in URLs or log lines.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalise(value):
    """Trim spaces (also full-width ones pasted from Word) and upper-case the check letter."""
    return (value or "").replace("\u3000", "").replace(" ", "").strip().upper()


def check_char(first17):
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def problem(value):
    """Return a message saying what is wrong with an ID number, or None when it is valid."""
    value = normalise(value)
    if len(value) != 18:
        return _("ID number must have 18 characters (it has %(n)d).") % {"n": len(value)}
    if not _SHAPE.match(value):
        return _("ID number must be 17 digits followed by a digit or X.")
    if birth_date(value) is None:
        return _("ID number contains an impossible birth date.")
    if check_char(value[:17]) != value[17]:
        return _("ID number checksum does not match; please check each digit.")
    return None


def validate_id_number(value):
    message = problem(value)
    if message:
        raise ValidationError(message, code="id_number")


def birth_date(value):
    try:
        return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def gender(value):
    """The 17th digit is odd for men, even for women."""
    return "male" if int(value[16]) % 2 else "female"


def mask(value):
    """110101********1234: keeps the region and the last four, hides the birth date."""
    value = normalise(value)
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def make(region, born, sequence):
    """Build a valid ID number (demo data and tests): region code, birth date, 3-digit
    sequence whose last digit is odd for men and even for women."""
    first17 = f"{region:06d}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_char(first17)
