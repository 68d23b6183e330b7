"""Every page reads ?year= through posts.views.year_param."""

import pytest
from django.urls import reverse

from members.params import year_param


@pytest.mark.parametrize(
    "given, allowed, expected",
    [
        ("2025", None, 2025),
        (" 2025 ", None, 2025),
        ("２０２５", None, 2025),
        ("", None, 2026),
        ("abc", None, 2026),
        ("2025年", None, 2026),
        ("²", None, 2026),
        ("1999", None, 2026),
        ("2101", None, 2026),
        ("2024", [2025, 2026], 2026),
        ("2025", [2025, 2026], 2025),
    ],
)
def test_year_param(rf, given, allowed, expected):
    assert year_param(rf.get("/", {"year": given}), 2026, allowed=allowed) == expected


@pytest.mark.parametrize("name, args", [("posts:branches", []), ("posts:overview", ["branch"])])
def test_a_year_no_int_reads_shows_the_default_year(client, world, name, args):
    # "²" passes str.isdigit() but not int(): it used to be a server error.
    client.force_login(world.secretary)
    url = reverse(name, args=[getattr(world, a).code for a in args])
    assert client.get(url, {"year": "²"}).status_code == 200
