"""axe-core over the duty log and activity pages on a 360-pixel phone: no serious or critical
violation, and no page scrolls sideways (run with -s to see every finding)."""

import pytest

from assessments.services import activities, log
from tests.plugin import login
from tests.test_browser_accessibility import audit, check

from .log_data import TODAY, on_post, upload


@pytest.fixture
def logged(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assignment = on_post(world.member)
    on_post(world.neighbour)
    entry = log.add_entry(
        member=world.member,
        assignment=assignment,
        done_on=TODAY,
        kind="individual",
        what="走访两户老人",
        people_served=2,
        place="二组",
        photos=[upload()],
        by=world.member_user,
    )
    returned = log.add_entry(
        member=world.member, assignment=assignment, done_on=TODAY, kind="other", what="参加培训", by=None
    )
    log.return_entry(entry=returned, by=world.secretary, reason="请写明培训内容")
    activity = activities.create_activity(
        branch=world.branch,
        title="清扫村道",
        held_on=TODAY,
        groups=[world.group],
        posts=[assignment.post],
        by=world.secretary,
    )
    world.entry, world.returned, world.activity = entry, returned, activity
    return world


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_pages(live_server, phone_page, logged):
    page, base, findings = phone_page, live_server.url, []
    login(page, live_server, "member")
    for path in [
        "/serve/log/",
        "/serve/log/new/",
        f"/serve/log/{logged.entry.pk}/",
        f"/serve/log/{logged.returned.pk}/edit/",
        "/serve/activities/mine/",
        "/serve/activities/attend/",
    ]:
        audit(page, base + path, findings)
        assert fits(page), path
    check(findings, live_server)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_and_overseer_pages(live_server, phone_page, logged):
    page, base, findings = phone_page, live_server.url, []
    login(page, live_server, "secretary")
    for path in [
        "/serve/branches/B1/log/",
        f"/serve/log/{logged.entry.pk}/",
        "/serve/activities/",
        "/serve/branches/B1/activities/new/",
        f"/serve/activities/{logged.activity.pk}/",
        "/serve/log/counts/",
    ]:
        audit(page, base + path, findings)
        assert fits(page), path
    page.context.clear_cookies()
    login(page, live_server, "township")
    for path in ["/serve/log/counts/", "/serve/branches/B1/log/"]:
        audit(page, base + path, findings)
        assert fits(page), path
    check(findings, live_server)
