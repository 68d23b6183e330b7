"""Rows the duty log and activity tests share: members on post in the `world` fixture."""

import datetime
import io

from PIL import Image

from posts.models import Assignment
from posts.tests.factories import AssignmentFactory, BranchPostFactory

TODAY = datetime.date.today()


def on_post(member, *, year=None, starts_on=None, post=None):
    return AssignmentFactory(
        post=post or BranchPostFactory(branch=member.branch, year=year or TODAY.year, headcount=5),
        member=member,
        status=Assignment.Status.ON_POST,
        starts_on=starts_on or datetime.date(TODAY.year, 1, 1),
    )


def photo_bytes(size=(3000, 2000), gps=True, orientation=None, fmt="JPEG"):
    """A phone-like photo: large, with a GPS position (and an orientation) in its EXIF."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (30.0, 15.0, 10.0), 3: "E", 4: (120.0, 10.0, 5.0)}
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes()) if fmt == "JPEG" else image.save(out, format=fmt)
    return out.getvalue()


def upload(name="现场.jpg", data=None, content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, photo_bytes() if data is None else data, content_type=content_type)
