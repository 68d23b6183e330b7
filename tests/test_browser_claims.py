"""On a 360-pixel phone: a member claims a post, the secretary records the meeting's votes
and approves, and the member sees the claim approved."""

import pytest
from django.utils import timezone

from tests.plugin import login


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_claim_vote_and_approve_on_a_phone(live_server, phone_page, world):
    from posts.models import Assignment, Claim
    from posts.tests.factories import BranchPostFactory, ClaimRoundFactory, PostTypeFactory

    year = timezone.localdate().year
    ClaimRoundFactory(branch=world.branch, year=year)
    BranchPostFactory(branch=world.branch, year=year, headcount=2, post_type=PostTypeFactory(name="河塘管护责任岗"))
    page = phone_page

    login(page, live_server, "member")
    page.click("text=看岗位、认岗位")
    assert "剩余2个名额" in page.inner_text("body") and fits_the_screen(page)
    page.click("text=河塘管护责任岗")
    page.fill("textarea[name=statement]", "家就在河边，每天都走这条路")
    page.click("button:has-text('提交认岗申请')")
    body = page.inner_text("body")
    assert "认岗申请已提交" in body and "待审议" in body and fits_the_screen(page)

    page.context.clear_cookies()
    login(page, live_server, "secretary")
    page.click("text=审议认岗")
    claim = Claim.objects.get()
    page.fill(f"input[name=votes_{claim.pk}]", "27")
    page.click("button:has-text('登记票数')")
    assert "票数已登记" in page.inner_text("body")
    assert page.input_value(f"input[name=votes_{claim.pk}]") == "27" and fits_the_screen(page)
    page.click(f"[data-claim='{claim.pk}'] button:has-text('批准')")
    assert "已批准张三上岗。" in page.inner_text("body")

    page.context.clear_cookies()
    login(page, live_server, "member")
    page.click("text=我的认岗")
    assert "已批准" in page.inner_text(".card")
    assignment = Assignment.objects.get()
    assert (assignment.member, assignment.status, assignment.claim.votes) == (world.member, "approved", 27)
