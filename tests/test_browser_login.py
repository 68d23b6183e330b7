import pytest

from tests.plugin import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_logs_in_on_a_phone_and_sees_their_home(live_server, phone_page, world):
    login(phone_page, live_server, "member")
    assert phone_page.url.rstrip("/") == live_server.url
    body = phone_page.inner_text("body")
    assert "东村党支部" in body
    # Nothing overflows the 360-pixel screen sideways.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_wrong_password_is_explained(live_server, phone_page, world):
    login(phone_page, live_server, "member", password="nope")
    assert "用户名或密码不正确" in phone_page.inner_text("body")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_phone_menu_opens_and_logs_out(live_server, phone_page, world):
    # Bootstrap's collapse is a script file: it runs under the Content-Security-Policy.
    login(phone_page, live_server, "member")
    logout = phone_page.locator("nav button[type=submit]")
    assert not logout.is_visible()
    phone_page.click(".navbar-toggler")
    logout.wait_for(state="visible")
    logout.click()
    phone_page.wait_for_url(f"{live_server.url}/login/")
