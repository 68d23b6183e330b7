"""Chinese whatever the browser asks for; English only when the user chose it."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_browser_that_asks_for_english_gets_chinese(client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "zh-hans"
    assert "登录" in page.content.decode()


def test_english_when_the_user_chose_it(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert page["Content-Language"] == "en"


def test_a_made_up_language_cookie_falls_back_to_chinese(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx-evil"
    assert client.get("/login/")["Content-Language"] == "zh-hans"
