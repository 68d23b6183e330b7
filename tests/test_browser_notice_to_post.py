"""From an approved claim to a member on post, on a 360-pixel phone: 公示 → 异议 → 处理 →
结束公示 → 责任状 → 签字 → 培训 → 上岗."""

import datetime

import pytest

from tests.plugin import login

PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN"}


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture
def approved(world):
    from posts.services.claims import approve_claim
    from posts.tests.factories import BranchPostFactory, ClaimFactory

    post = BranchPostFactory(
        branch=world.branch,
        year=datetime.date.today().year,
        post_type__name="政策宣传岗",
        post_type__duties="向群众宣讲惠民政策。",
    )
    claim = ClaimFactory(post=post, member=world.member)
    return approve_claim(claim=claim, by=world.secretary, reason="支委会研究同意")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_notice_objection_letter_training_and_on_post(live_server, browser, phone_page, world, approved):
    from posts.models import Notice

    officer = phone_page
    login(officer, live_server, "secretary")

    # The officer publishes a notice; the approved member is ticked already.
    officer.goto(f"{live_server.url}/posts/notices/publish/")
    assert officer.is_checked(f"input[name=assignments][value='{approved.pk}']")
    officer.click("button[type=submit]:has-text('发布')")
    assert "公示已发布" in officer.inner_text("main")
    assert officer.locator("main svg").count() == 1
    public_link = officer.get_attribute("a[href*='/n/']", "href")
    assert public_link.endswith(f"/n/{Notice.objects.get().token}/")

    # Anyone with the short link lodges an objection, without logging in.
    public_context = browser.new_context(**PHONE)
    public = public_context.new_page()
    public.goto(live_server.url + public_link[public_link.index("/n/") :])
    assert "张三 · 政策宣传岗" in public.inner_text("main")
    assert world.member.id_number not in public.content()
    assert fits_the_phone(public)
    public.select_option("select[name=assignment]", str(approved.pk))
    public.fill("textarea[name=text]", "张三常年在外打工，恐怕顾不上")
    public.click("button:has-text('提交给支部')")
    assert "谢谢！支部已收到您的意见" in public.inner_text("main")
    public_context.close()

    # The officer reads it and dismisses it with a reason.
    officer.reload()
    assert "张三常年在外打工，恐怕顾不上" in officer.inner_text("main")
    officer.check("input[name=outcome][value=dismissed]")
    officer.fill("textarea[name=resolution]", "经核实，本人已返乡务农")
    officer.click("button:has-text('登记处理结果')")
    assert "异议处理结果已登记" in officer.inner_text("main")

    # The notice period ends; the officer closes the notice.
    today = datetime.date.today()
    Notice.objects.update(starts_on=today - datetime.timedelta(days=6), ends_on=today - datetime.timedelta(days=1))
    officer.reload()
    officer.click("button:has-text('结束公示')")
    assert "公示已结束，公示人员正式生效" in officer.inner_text("main")

    # The letter is there; both signatures and the training are recorded (dates default to today).
    officer.goto(f"{live_server.url}/posts/letters/")
    assert "张三 · 政策宣传岗" in officer.inner_text("main")
    assert fits_the_phone(officer)
    officer.click("button:has-text('登记签字')")
    assert "已登记" in officer.inner_text("main")
    officer.click("button:has-text('登记培训')")
    assert "张三已正式上岗。" in officer.inner_text("main")

    # The member sees on their phone that they are on post.
    member_context = browser.new_context(**PHONE)
    member = member_context.new_page()
    login(member, live_server, "member")
    member.click("a:has-text('我的岗位和履历')")
    text = member.inner_text("main")
    assert "您已正式上岗。" in text and "政策宣传岗" in text
    assert fits_the_phone(member)
    member_context.close()
