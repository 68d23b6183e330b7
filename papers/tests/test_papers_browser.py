"""Printing in a real browser: the papers read on a 360-pixel phone, a big packet made in the
background with a progress bar and a download link, and a job whose worker died."""

import datetime

import pytest

from tests.plugin import login


@pytest.fixture
def papers(world):
    from posts.tests.printing_data import branch_with_papers

    branch_with_papers(world.branch, members=6)
    return world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_secretary_finds_and_reads_the_packet_on_a_phone(live_server, phone_page, papers):
    page = phone_page
    login(page, live_server, "secretary")
    page.click("a:has-text('打印材料')")
    page.click("a:has-text('东村党支部')")
    assert "2026年度材料" in page.inner_text("main")
    page.locator("li", has_text="公开栏全套材料").locator("a:has-text('查看')").click()
    main = page.inner_text("main")
    for expected in ["无职党员设岗定责公示", "设岗定责一览表", "无职党员设岗定责目标责任状", "上岗证"]:
        assert expected in main, expected
    assert papers.member.id_number not in page.content()
    # Wide tables scroll inside their box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_big_packet_shows_progress_then_a_download(live_server, desktop_page, papers, settings, tmp_path, monkeypatch):
    from papers import views

    settings.MEDIA_ROOT = tmp_path
    # Every packet counts as big here, so this small one goes through the background job.
    monkeypatch.setattr(views, "INLINE_PAGES", 0)
    page = desktop_page
    login(page, live_server, "committee")
    page.goto(f"{live_server.url}/print/branch/B1/")
    page.locator("li", has_text="公开栏全套材料").locator("button:has-text('PDF')").click()
    assert "正在生成 PDF" in page.inner_text("main")
    assert page.locator(".progress-bar").count() == 1
    download_link = page.locator("#job-download")
    download_link.wait_for(state="visible", timeout=30000)
    assert page.inner_text(".progress-bar") == "100%"
    with page.expect_download() as download:
        download_link.click()
    saved = tmp_path / "packet.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.endswith(".pdf")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_turns_to_failed_on_the_open_page(live_server, desktop_page, papers):
    from django.utils import timezone

    from papers.models import PrintJob

    now = timezone.now()
    job = PrintJob.objects.create(
        started_by=papers.committee,
        branch=papers.branch,
        kind="packet",
        year=2026,
        base_url=live_server.url,
        title="东村党支部 公开栏全套材料 2026",
        status=PrintJob.Status.RUNNING,
        progress=40,
        started_at=now,
        heartbeat_at=now,
    )
    page = desktop_page
    login(page, live_server, "committee")
    page.goto(f"{live_server.url}/print/jobs/{job.pk}/")
    assert page.inner_text(".progress-bar") == "40%"
    assert page.locator("#job-failed").is_hidden()
    # The worker was killed: it reports no more, and the page being polled says so.
    PrintJob.objects.filter(pk=job.pk).update(heartbeat_at=now - datetime.timedelta(minutes=6))
    failed = page.locator("#job-failed")
    failed.wait_for(state="visible", timeout=15000)
    assert failed.inner_text() == "PDF 生成到一半中断了（后台处理程序停止了）。请重试。"
    assert page.locator("#job-waiting").is_hidden() and page.locator("#job-download").is_hidden()
