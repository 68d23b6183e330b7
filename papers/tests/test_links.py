"""Short links and QR codes on notices point where the site was opened (scheme, host and
port), unless PUBLIC_BASE_URL says otherwise: on the officer's page, the public page, the
printed notice, and a packet rendered by a background job after its request has gone."""

import pytest
from django.urls import reverse

from papers import links, views
from papers.models import PrintJob
from papers.qr import qr_svg
from posts.models import Notice
from posts.tests.pdf import flat, text
from posts.tests.printing_data import branch_with_papers

pytestmark = pytest.mark.django_db

# `make run` with PORT=8080: the address officers and phones on the same network open.
OPENED_AT = {"HTTP_HOST": "127.0.0.1:8080"}


@pytest.fixture
def notice(world, settings):
    settings.PUBLIC_BASE_URL = ""
    branch_with_papers(world.branch, members=3)
    return Notice.objects.get(branch=world.branch)


def link(notice, base):
    return f"{base}/n/{notice.token}/"


def test_without_a_setting_the_link_follows_the_request(rf, settings):
    settings.PUBLIC_BASE_URL = ""
    assert links.base_url(rf.get("/", HTTP_HOST="127.0.0.1:8080")) == "http://127.0.0.1:8080"
    assert links.base_url(rf.get("/", HTTP_HOST="localhost", secure=True)) == "https://localhost"
    settings.PUBLIC_BASE_URL = "https://shegang.example.cn/"
    assert links.base_url(rf.get("/", HTTP_HOST="127.0.0.1:8080")) == "https://shegang.example.cn"


def test_officers_page_shows_the_link_and_qr_of_the_address_in_use(client, world, notice, settings):
    client.force_login(world.secretary)
    page = client.get(reverse("posts:notice_detail", args=[notice.pk]), **OPENED_AT).content.decode()
    expected = link(notice, "http://127.0.0.1:8080")
    assert f'href="{expected}"' in page and str(qr_svg(expected)) in page
    assert "127.0.0.1:8000" not in page

    settings.PUBLIC_BASE_URL = "https://shegang.example.cn"
    page = client.get(reverse("posts:notice_detail", args=[notice.pk]), **OPENED_AT).content.decode()
    assert f'href="{link(notice, "https://shegang.example.cn")}"' in page
    assert "127.0.0.1:8080" not in page


def test_public_page_qr_code_follows_the_address_over_https(client, notice):
    page = client.get(
        reverse("public_notice", args=[notice.token]), HTTP_HOST="localhost:8443", secure=True
    ).content.decode()
    assert str(qr_svg(link(notice, "https://localhost:8443"), scale=3)) in page


def test_printed_notice_carries_the_address_in_use(client, world, notice):
    client.force_login(world.secretary)
    response = client.get(reverse("posts:notice_print", args=[notice.pk]), **OPENED_AT)
    assert link(notice, "http://127.0.0.1:8080") in response.content.decode()


def test_a_background_job_prints_the_address_of_the_request_that_started_it(
    client, world, notice, settings, tmp_path, monkeypatch
):
    # The job runs later, in a worker with no request: the address is stored with the job.
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(views, "INLINE_PAGES", 2)
    client.force_login(world.secretary)
    response = client.post(reverse("papers:run_pdf", args=["B1", 2026, "packet"]), **OPENED_AT)
    job = PrintJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.base_url == "http://127.0.0.1:8080"
    assert job.status == PrintJob.Status.DONE
    assert link(notice, "http://127.0.0.1:8080") in flat(text(job.pdf.path))
