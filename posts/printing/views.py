"""Print pages: each paper as a print-friendly HTML page and as an A4 PDF.

Only a branch's officers and its township and county overseers print (the "print"
capability); everyone else gets a 404. Printing changes nothing, so the read-only
overseers may do it too.
"""

import io

from csp.decorators import csp_exempt
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from members.access import requires

from ..access import get_letter_or_404, get_notice_or_404
from ..links import base_url
from ..models import Notice
from ..views import year_param
from . import documents, jobs
from . import render as printer

# Runs up to this many pages (about a second of rendering) come back in the response;
# bigger ones become a background job with a progress page.
INLINE_PAGES = 40


@requires("print")
def index(request):
    branches = request.scope.branches("print").select_related("parent").order_by("path")
    if not branches.exists():
        raise Http404
    page = Paginator(branches, 50).get_page(request.GET.get("page"))
    return render(request, "posts/print/index.html", {"page": page})


def _year(request, branch):
    return year_param(request, documents.years(branch)[0])


@requires("print")
def branch_page(request, branch):
    year = _year(request, branch)
    return render(
        request,
        "posts/print/branch.html",
        {
            "branch": branch,
            "year": year,
            "years": documents.years(branch),
            "notices": Notice.objects.filter(branch=branch).order_by("-starts_on", "-pk")[:20],
            "kinds": [(kind, documents.KIND_TITLES[kind]) for kind in ("roster", "letters", "certificates", "packet")],
        },
    )


def _title(branch, kind, year=None):
    parts = [branch.name, str(documents.KIND_TITLES[kind])]
    return " ".join(parts + ([str(year)] if year else []))


def _html_view(request, sections, *, title, branch, pdf_url, pdf_by_post=False):
    return render(
        request,
        "posts/print/view.html",
        {
            "sections": sections,
            "title": title,
            "branch": branch,
            "pdf_url": pdf_url,
            "pdf_by_post": pdf_by_post,
            "screen": True,
        },
    )


def _pdf_response(sections, title):
    pdf = printer.render_pdf(sections, title=title)
    return FileResponse(io.BytesIO(pdf), content_type="application/pdf", filename=f"{title}.pdf")


# Inline PDFs go out without the Content-Security-Policy: Chrome shows them in its viewer
# through an <embed>, which object-src 'none' would block ("This content is blocked"). A PDF
# runs none of our scripts; frames are still refused by X-Frame-Options.
pdf_without_csp = csp_exempt()


# -- one notice, one letter ------------------------------------------------------------


@requires("print")
def notice_view(request, pk):
    notice = get_notice_or_404(request, pk, "print")
    return _html_view(
        request,
        [documents.notice_section(notice, base_url(request))],
        branch=notice.branch,
        title=_title(notice.branch, "notice"),
        pdf_url=reverse("printing:notice_pdf", args=[notice.pk]),
    )


@pdf_without_csp
@requires("print")
def notice_pdf(request, pk):
    notice = get_notice_or_404(request, pk, "print")
    return _pdf_response([documents.notice_section(notice, base_url(request))], _title(notice.branch, "notice"))


@requires("print")
def letter_view(request, pk):
    letter = get_letter_or_404(request, pk, "print")
    branch = letter.assignment.post.branch
    return _html_view(
        request,
        [documents.single_letter_section(letter)],
        branch=branch,
        title=_title(branch, "letters"),
        pdf_url=reverse("printing:letter_pdf", args=[letter.pk]),
    )


@pdf_without_csp
@requires("print")
def letter_pdf(request, pk):
    letter = get_letter_or_404(request, pk, "print")
    branch = letter.assignment.post.branch
    return _pdf_response(
        [documents.single_letter_section(letter)], f"{_title(branch, 'letters')} {letter.assignment.member.name}"
    )


# -- a branch's papers for a year, and the whole packet ------------------------------------


def _run(request, branch, year, kind):
    documents.kind_or_404(kind)
    sections = documents.sections_for([branch], year, [kind], base_url(request))
    return branch, sections, _title(branch, kind, year)


@requires("print")
def run_view(request, branch, year, kind):
    branch, sections, title = _run(request, branch, year, kind)
    return _html_view(
        request,
        sections,
        title=title,
        branch=branch,
        pdf_by_post=True,
        pdf_url=reverse("printing:run_pdf", args=[branch.code, year, kind]),
    )


@pdf_without_csp
@requires("print")
@require_POST
def run_pdf(request, branch, year, kind):
    branch, sections, title = _run(request, branch, year, kind)
    if not sections:
        return redirect(reverse("printing:run", args=[branch.code, year, kind]))
    pages = sum(s.pages for s in sections)
    if pages <= INLINE_PAGES:
        return _pdf_response(sections, title)
    job = jobs.start(user=request.user, branch=branch, kind=kind, year=year, base_url=base_url(request), title=title)
    return redirect("printing:job", job_id=job.pk)


# -- background jobs ------------------------------------------------------------------------


@requires("print")
def job(request, job_id):
    return render(request, "posts/print/job.html", {"job": jobs.job_or_404(request.scope, job_id)})


@requires("print")
def job_progress(request, job_id):
    job = jobs.job_or_404(request.scope, job_id)
    return JsonResponse(
        {
            "state": job.state,
            "progress": job.progress,
            "download": reverse("printing:job_pdf", args=[job.pk]) if job.state == "done" else None,
            "error": job.get_failure_display() or None,
        }
    )


@requires("print")
def job_pdf(request, job_id):
    job = jobs.job_or_404(request.scope, job_id)
    if job.state != "done":
        raise Http404
    try:
        pdf = job.pdf.open("rb")
    except FileNotFoundError:  # removed by the daily clean-up meanwhile
        raise Http404 from None
    return FileResponse(pdf, content_type="application/pdf", as_attachment=True, filename=job.filename)
