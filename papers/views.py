"""Print pages: each registered paper as a print-friendly HTML page and as an A4 PDF.

Only a branch's officers and its township and county overseers print (the "print"
capability); everyone else gets a 404. Printing changes nothing, so the read-only
overseers may do it too. The papers themselves come from the apps that registered them
(papers.registry); these views know none of them by name.
"""

import io

from csp.decorators import csp_exempt
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from members.access import get_member_or_404, requires
from members.models import Member
from members.params import year_param

from . import jobs, registry
from . import render as printer
from .links import base_url
from .sections import sections_for

# Runs up to this many pages (about a second of rendering) come back in the response;
# bigger ones become a background job with a progress page.
INLINE_PAGES = 40


@requires("print")
def index(request):
    branches = request.scope.branches("print").select_related("parent").order_by("path")
    if not branches.exists():
        raise Http404
    page = Paginator(branches, 50).get_page(request.GET.get("page"))
    return render(request, "papers/index.html", {"page": page})


@requires("print")
def branch_page(request, branch):
    years = registry.years(branch, timezone.localdate())
    year = year_param(request, years[0])
    return render(
        request,
        "papers/branch.html",
        {
            "branch": branch,
            "year": year,
            "years": years,
            "papers": registry.listed(),
            "blocks": registry.blocks(branch),
        },
    )


def title(branch, paper, year=None, person=None):
    parts = [branch.name, str(paper.title)]
    return " ".join(parts + ([str(year)] if year else []) + ([person] if person else []))


def html_view(request, sections, *, title, branch, pdf_url, pdf_by_post=False):
    """The papers as one print-friendly page, with the button for the PDF."""
    return render(
        request,
        "papers/view.html",
        {
            "sections": sections,
            "title": title,
            "branch": branch,
            "pdf_url": pdf_url,
            "pdf_by_post": pdf_by_post,
            "screen": True,
        },
    )


def pdf_response(sections, title):
    pdf = printer.render_pdf(sections, title=title)
    return FileResponse(io.BytesIO(pdf), content_type="application/pdf", filename=f"{title}.pdf")


# Inline PDFs go out without the Content-Security-Policy: Chrome shows them in its viewer
# through an <embed>, which object-src 'none' would block ("This content is blocked"). A PDF
# runs none of our scripts; frames are still refused by X-Frame-Options.
pdf_without_csp = csp_exempt()


# -- a branch's papers of one kind for a year ----------------------------------------------


def _run(request, branch, year, kind, members=None):
    paper = registry.get_or_404(kind)
    if members is not None and not paper.per_member:
        raise Http404
    sections = sections_for([branch], year, [kind], base_url(request), members)
    return paper, sections


@requires("print")
def run_view(request, branch, year, kind):
    paper, sections = _run(request, branch, year, kind)
    return html_view(
        request,
        sections,
        title=title(branch, paper, year),
        branch=branch,
        pdf_by_post=True,
        pdf_url=reverse("papers:run_pdf", args=[branch.code, year, kind]),
    )


@pdf_without_csp
@requires("print")
@require_POST
def run_pdf(request, branch, year, kind):
    paper, sections = _run(request, branch, year, kind)
    if not sections:
        return redirect(reverse("papers:run", args=[branch.code, year, kind]))
    run_title = title(branch, paper, year)
    if sum(s.pages for s in sections) <= INLINE_PAGES:
        return pdf_response(sections, run_title)
    job = jobs.start(
        user=request.user, branch=branch, kind=kind, year=year, base_url=base_url(request), title=run_title
    )
    return redirect("papers:job", job_id=job.pk)


# -- one person's paper ----------------------------------------------------------------------


def _member(request, branch, pk):
    return get_member_or_404(request, pk, "print", Member.objects.filter(branch=branch))


@requires("print")
def member_view(request, branch, year, kind, pk):
    member = _member(request, branch, pk)
    paper, sections = _run(request, branch, year, kind, [member])
    return html_view(
        request,
        sections,
        title=title(branch, paper, year, member.name),
        branch=branch,
        pdf_url=reverse("papers:member_pdf", args=[branch.code, year, kind, member.pk]),
    )


@pdf_without_csp
@requires("print")
def member_pdf(request, branch, year, kind, pk):
    member = _member(request, branch, pk)
    paper, sections = _run(request, branch, year, kind, [member])
    if not sections:
        return redirect(reverse("papers:member", args=[branch.code, year, kind, member.pk]))
    return pdf_response(sections, title(branch, paper, year, member.name))


# -- background jobs ------------------------------------------------------------------------


@requires("print")
def job(request, job_id):
    return render(request, "papers/job.html", {"job": jobs.job_or_404(request.scope, job_id)})


@requires("print")
def job_progress(request, job_id):
    job = jobs.job_or_404(request.scope, job_id)
    return JsonResponse(
        {
            "state": job.state,
            "progress": job.progress,
            "download": reverse("papers:job_pdf", args=[job.pk]) if job.state == "done" else None,
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
