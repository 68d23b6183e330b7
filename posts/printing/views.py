"""Print pages: each paper as a print-friendly HTML page and as an A4 PDF.

Only a branch's officers and its township and county overseers print (documents.py
decides through the scope); everyone else gets a 404. Printing changes nothing, so the
read-only overseers may do it too.
"""

import io

from csp.decorators import csp_exempt
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..links import base_url
from ..models import Notice
from ..views import year_param
from . import documents, jobs
from . import render as printer

# Runs up to this many pages (about a second of rendering) come back in the response;
# bigger ones become a background job with a progress page.
INLINE_PAGES = 40


@login_required
def index(request):
    branches = documents.printable_branches(request.scope).select_related("parent").order_by("path")
    if not branches.exists():
        raise Http404
    page = Paginator(branches, 50).get_page(request.GET.get("page"))
    return render(request, "posts/print/index.html", {"page": page})


def _year(request, branch):
    return year_param(request, documents.years(branch)[0])


@login_required
def branch_page(request, code):
    branch = documents.branch_or_404(request.scope, code)
    year = _year(request, branch)
    return render(request, "posts/print/branch.html", {
        "branch": branch, "year": year, "years": documents.years(branch),
        "notices": Notice.objects.filter(branch=branch).order_by("-starts_on", "-pk")[:20],
        "kinds": [(kind, documents.KIND_TITLES[kind])
                  for kind in ("roster", "letters", "certificates", "packet")],
    })


def _title(branch, kind, year=None):
    parts = [branch.name, str(documents.KIND_TITLES[kind])]
    return " ".join(parts + ([str(year)] if year else []))


def _html_view(request, sections, *, title, branch, pdf_url, pdf_by_post=False):
    return render(request, "posts/print/view.html", {
        "sections": sections, "title": title, "branch": branch, "pdf_url": pdf_url,
        "pdf_by_post": pdf_by_post, "screen": True,
    })


def _pdf_response(sections, title):
    pdf = printer.render_pdf(sections, title=title)
    return FileResponse(io.BytesIO(pdf), content_type="application/pdf", filename=f"{title}.pdf")


# Inline PDFs go out without the Content-Security-Policy: Chrome shows them in its viewer
# through an <embed>, which object-src 'none' would block ("This content is blocked"). A PDF
# runs none of our scripts; frames are still refused by X-Frame-Options.
pdf_without_csp = csp_exempt()


# -- one notice, one letter ------------------------------------------------------------


@login_required
def notice_view(request, pk):
    notice = documents.notice_or_404(request.scope, pk)
    return _html_view(request, [documents.notice_section(notice, base_url(request))], branch=notice.branch,
                      title=_title(notice.branch, "notice"),
                      pdf_url=reverse("printing:notice_pdf", args=[notice.pk]))


@pdf_without_csp
@login_required
def notice_pdf(request, pk):
    notice = documents.notice_or_404(request.scope, pk)
    return _pdf_response([documents.notice_section(notice, base_url(request))], _title(notice.branch, "notice"))


@login_required
def letter_view(request, pk):
    letter = documents.letter_or_404(request.scope, pk)
    branch = letter.assignment.post.branch
    return _html_view(request, [documents.single_letter_section(letter)], branch=branch,
                      title=_title(branch, "letters"),
                      pdf_url=reverse("printing:letter_pdf", args=[letter.pk]))


@pdf_without_csp
@login_required
def letter_pdf(request, pk):
    letter = documents.letter_or_404(request.scope, pk)
    branch = letter.assignment.post.branch
    return _pdf_response([documents.single_letter_section(letter)],
                         f"{_title(branch, 'letters')} {letter.assignment.member.name}")


# -- a branch's papers for a year, and the whole packet ------------------------------------


def _run(request, code, year, kind):
    branch = documents.branch_or_404(request.scope, code)
    documents.kind_or_404(kind)
    sections = documents.sections_for([branch], year, [kind], base_url(request))
    return branch, sections, _title(branch, kind, year)


@login_required
def run_view(request, code, year, kind):
    branch, sections, title = _run(request, code, year, kind)
    return _html_view(request, sections, title=title, branch=branch, pdf_by_post=True,
                      pdf_url=reverse("printing:run_pdf", args=[code, year, kind]))


@pdf_without_csp
@login_required
@require_POST
def run_pdf(request, code, year, kind):
    _branch, sections, title = _run(request, code, year, kind)
    if not sections:
        return redirect(reverse("printing:run", args=[code, year, kind]))
    pages = sum(s.pages for s in sections)
    if pages <= INLINE_PAGES:
        return _pdf_response(sections, title)
    job_id = jobs.start(user=request.user, plan=printer.plan(sections, title=title), filename=f"{title}.pdf")
    return redirect("printing:job", job_id=job_id)


# -- background jobs ------------------------------------------------------------------------


@login_required
def job(request, job_id):
    return render(request, "posts/print/job.html",
                  {"job": jobs.get(str(job_id), request.user), "job_id": job_id})


@login_required
def job_progress(request, job_id):
    job = jobs.get(str(job_id), request.user)
    return JsonResponse({
        "state": job["state"], "progress": job["progress"],
        "download": reverse("printing:job_pdf", args=[job_id]) if job["state"] == "done" else None,
    })


@login_required
def job_pdf(request, job_id):
    job = jobs.get(str(job_id), request.user)
    path = jobs.pdf_path(str(job_id))
    if job["state"] != "done" or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), content_type="application/pdf", as_attachment=True,
                        filename=job["filename"])
