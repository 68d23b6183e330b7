"""The duty log's rules: who adds, verifies and returns entries, and what is refused."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from assessments.models import ClosedMonth, DutyLogEntry, LogPhoto
from assessments.services import log
from audit.models import Entry
from posts.models import Assignment

from .log_data import TODAY, on_post, photo_bytes, upload

S = DutyLogEntry.Status
K = DutyLogEntry.Kind


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def add(world, assignment=None, **kwargs):
    member = kwargs.pop("member", world.member)
    assignment = assignment or on_post(member)
    fields = {"done_on": TODAY, "kind": K.INDIVIDUAL, "what": "走访独居老人三户", "by": world.member_user}
    return log.add_entry(member=member, assignment=assignment, **(fields | kwargs))


def codes(excinfo):
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def test_an_entry_waits_for_verification(world):
    entry = add(world, people_served=3, place="二组")
    assert (entry.status, entry.points, entry.branch, entry.member) == (S.SUBMITTED, 0, world.branch, world.member)
    assert Entry.objects.get(action="assessments.log.added").organisation == world.branch


def test_future_date_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        add(world, done_on=TODAY + datetime.timedelta(days=1))
    assert codes(excinfo) == {"future_date"}
    assert not DutyLogEntry.objects.exists()


def test_date_before_the_post_started_is_refused(world):
    assignment = on_post(world.member, starts_on=TODAY)
    with pytest.raises(ValidationError) as excinfo:
        add(world, assignment, done_on=TODAY - datetime.timedelta(days=1))
    assert codes(excinfo) == {"before_post"}


def test_closed_month_is_refused_in_chinese(world):
    ClosedMonth.objects.create(branch=world.branch, month=TODAY.replace(day=1))
    with pytest.raises(ValidationError) as excinfo:
        add(world)
    assert codes(excinfo) == {"closed_month"}
    assert "已关闭" in " ".join(excinfo.value.messages)


def test_only_a_serving_post_of_ones_own(world):
    suspended = on_post(world.member)
    Assignment.objects.filter(pk=suspended.pk).update(status=Assignment.Status.SUSPENDED)
    with pytest.raises(ValidationError) as excinfo:
        add(world, suspended)
    assert codes(excinfo) == {"not_serving"}
    with pytest.raises(ValidationError):
        add(world, on_post(world.neighbour))  # someone else's post


def test_verify_sets_points_and_checker(world):
    entry = add(world)
    verified = log.verify(entry=entry, by=world.group_leader)
    assert (verified.status, verified.points, verified.checked_by) == (S.VERIFIED, 3, world.group_leader)
    assert verified.checked_at is not None


def test_nobody_verifies_their_own_entry(world):
    entry = add(world)
    with pytest.raises(ValidationError) as excinfo:
        log.verify(entry=entry, by=world.member_user)
    assert codes(excinfo) == {"own_entry"}
    with pytest.raises(ValidationError):
        log.return_entry(entry=entry, by=world.member_user, reason="自己退回")


def test_a_verified_entry_is_locked(world):
    entry = add(world)
    log.verify(entry=entry, by=world.secretary)
    with pytest.raises(ValidationError) as excinfo:
        log.verify(entry=entry, by=world.committee)
    assert codes(excinfo) == {"already_verified"}
    with pytest.raises(ValidationError) as excinfo:
        log.return_entry(entry=entry, by=world.committee, reason="写错了")
    assert codes(excinfo) == {"already_verified"}
    with pytest.raises(ValidationError) as excinfo:
        log.resubmit(entry=entry, member=world.member, by=world.member_user, done_on=TODAY, kind=K.OTHER, what="改")
    assert codes(excinfo) == {"locked"}
    entry.refresh_from_db()
    assert (entry.status, entry.checked_by, entry.kind) == (S.VERIFIED, world.secretary, K.INDIVIDUAL)


def test_return_needs_a_reason_then_the_member_resubmits(world):
    entry = add(world)
    with pytest.raises(ValidationError) as excinfo:
        log.return_entry(entry=entry, by=world.group_leader, reason="  ")
    assert codes(excinfo) == {"no_reason"}
    log.return_entry(entry=entry, by=world.group_leader, reason="请写明走访的户数")
    entry.refresh_from_db()
    assert (entry.status, entry.return_reason) == (S.RETURNED, "请写明走访的户数")
    with pytest.raises(ValidationError):
        log.verify(entry=entry, by=world.group_leader)  # returned: waits for the member
    with pytest.raises(ValidationError):  # only the member themself
        log.resubmit(entry=entry, member=world.neighbour, by=world.secretary, done_on=TODAY, kind=K.OTHER, what="x")
    log.resubmit(
        entry=entry, member=world.member, by=world.member_user, done_on=TODAY, kind=K.INDIVIDUAL, what="走访三户老人"
    )
    entry.refresh_from_db()
    assert (entry.status, entry.return_reason, entry.what) == (S.SUBMITTED, "", "走访三户老人")
    log.verify(entry=entry, by=world.group_leader)


def test_nothing_changes_in_a_closed_month(world):
    entry = add(world)
    ClosedMonth.objects.create(branch=world.branch, month=TODAY.replace(day=1))
    for call in (
        lambda: log.verify(entry=entry, by=world.secretary),
        lambda: log.return_entry(entry=entry, by=world.secretary, reason="补充"),
    ):
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert codes(excinfo) == {"closed_month"}
    with pytest.raises(ValidationError):
        log.verify_many(branch=world.branch, entries=[entry], by=world.secretary)
    entry.refresh_from_db()
    assert entry.status == S.SUBMITTED


def test_verify_many_skips_what_cannot_be_verified(world):
    assignment = on_post(world.member)
    waiting = [add(world, assignment) for _ in range(3)]
    log.verify(entry=waiting[0], by=world.committee)
    other = add(world, member=world.neighbour, by=world.secretary)
    done, left = log.verify_many(branch=world.branch, entries=waiting + [other], by=world.group_leader)
    assert (done, left) == (3, 1)
    assert set(DutyLogEntry.objects.values_list("status", flat=True)) == {S.VERIFIED}
    [entry] = Entry.objects.filter(action="assessments.log.verified_many")
    assert entry.payload["count"] == 3 and entry.organisation == world.branch


def test_a_photo_loses_its_exif_and_is_resized(world):
    entry = add(world, photos=[upload()])
    [photo] = entry.photos.all()
    with Image.open(photo.image.path) as image:
        assert max(image.size) == 1280 and image.format == "JPEG"
        assert not image.info.get("exif") and not image.getexif()
    assert b"PhoneMaker" not in photo.image.open("rb").read()


def test_a_photo_is_turned_upright_before_resizing(world):
    # EXIF orientation 6: the camera was turned; the stored photo stands upright (portrait).
    entry = add(world, photos=[upload(data=photo_bytes(size=(2000, 1000), orientation=6))])
    with Image.open(entry.photos.get().image.path) as image:
        assert image.size == (640, 1280)


def test_a_file_that_is_not_a_photo_is_refused_by_name(world):
    with pytest.raises(ValidationError) as excinfo:
        add(world, photos=[upload("清单.pdf", data=b"%PDF-1.4 not a photo", content_type="application/pdf")])
    assert "清单.pdf" in " ".join(excinfo.value.messages)
    assert not DutyLogEntry.objects.exists() and not LogPhoto.objects.exists()


def test_a_photo_over_10_mb_is_refused_by_name(world, monkeypatch):
    big = upload("大图.jpg")
    big.size = 11 * 1024 * 1024
    with pytest.raises(ValidationError) as excinfo:
        add(world, photos=[big])
    assert "大图.jpg" in " ".join(excinfo.value.messages)


def test_at_most_three_photos(world):
    with pytest.raises(ValidationError) as excinfo:
        add(world, photos=[upload(f"{i}.jpg") for i in range(4)])
    assert codes(excinfo) == {"too_many_photos"}


def test_png_photos_become_jpeg(world):
    out = io.BytesIO()
    Image.new("RGBA", (100, 50), (0, 0, 0, 0)).save(out, format="PNG")
    entry = add(world, photos=[upload("截图.png", data=out.getvalue(), content_type="image/png")])
    assert entry.photos.get().image.name.endswith(".jpg")


def test_a_small_file_that_opens_as_a_huge_image_is_refused_unread(world):
    # 60 megapixels of one colour compress to a few kilobytes; decoding them would take gigabytes.
    out = io.BytesIO()
    Image.new("1", (12_000, 5_000)).save(out, format="PNG")
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(ValidationError) as excinfo:
        add(world, photos=[upload("巨图.png", data=out.getvalue(), content_type="image/png")])
    assert "巨图.png" in " ".join(excinfo.value.messages)
    assert not DutyLogEntry.objects.exists()
