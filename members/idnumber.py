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
# ASCII digits only: Python's \d also matches Arabic-Indic, Devanagari and other digits, which
# int() reads as numbers, so such an ID passed the checksum and, stored as different text,
# slipped past the unique constraint as a second copy of an existing person.
_SHAPE = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)
# Full-width digits and X are what Chinese input methods type; they mean the ASCII ones.
# Nothing else is mapped (no NFKC): a circled ① or a superscript ² is a typing accident to
# show, not a digit to guess.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")


def normalise(value):
    """Drop spaces (also the full-width and no-break ones pasted from Word or web pages), make
    full-width digits and ｘ ASCII, and upper-case the check letter. Every ID number typed
    anywhere (forms, admin, roster files) goes through here and problem()."""
    return "".join((value or "").translate(_FULL_WIDTH).split()).upper()


def foreign_character(value):
    """(1-based position, character) of the first character of a normalised ID number that is
    not ASCII, or None."""
    for position, char in enumerate(value, start=1):
        if not char.isascii():
            return position, char
    return None


def check_char(first17):
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def problem(value):
    """Return a message saying what is wrong with an ID number, or None when it is valid."""
    value = normalise(value)
    foreign = None if value.isascii() else foreign_character(value)
    if foreign:
        return _(
            "ID number character %(position)d, “%(char)s”, is not allowed: type the "
            "number with the digits 0-9 and X only."
        ) % {"position": foreign[0], "char": foreign[1]}
    if len(value) != 18:
        return _("ID number must have 18 characters (it has %(n)d).") % {"n": len(value)}
    if not _SHAPE.fullmatch(value):
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
