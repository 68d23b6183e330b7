"""One notice or one letter printed from its own page; a branch's runs of papers print from
the papers app's pages (posts/papers.py registers them there)."""

from django.urls import reverse

from members.access import requires
from papers import registry
from papers.links import base_url
from papers.views import html_view, pdf_response, pdf_without_csp, title

from .. import papers
from ..access import get_letter_or_404, get_notice_or_404


def _notice(request, pk):
    notice = get_notice_or_404(request, pk, "print")
    return notice, [papers.notice_section(notice, base_url(request))], title(notice.branch, registry.get("notice"))


@requires("print")
def notice_print(request, pk):
    notice, sections, notice_title = _notice(request, pk)
    return html_view(
        request,
        sections,
        branch=notice.branch,
        title=notice_title,
        pdf_url=reverse("posts:notice_print_pdf", args=[notice.pk]),
    )


@pdf_without_csp
@requires("print")
def notice_print_pdf(request, pk):
    _found, sections, notice_title = _notice(request, pk)
    return pdf_response(sections, notice_title)


def _letter(request, pk):
    letter = get_letter_or_404(request, pk, "print")
    branch = letter.assignment.post.branch
    return letter, branch, [papers.single_letter_section(letter)]


@requires("print")
def letter_print(request, pk):
    letter, branch, sections = _letter(request, pk)
    return html_view(
        request,
        sections,
        branch=branch,
        title=title(branch, registry.get("letters")),
        pdf_url=reverse("posts:letter_print_pdf", args=[letter.pk]),
    )


@pdf_without_csp
@requires("print")
def letter_print_pdf(request, pk):
    letter, branch, sections = _letter(request, pk)
    return pdf_response(sections, title(branch, registry.get("letters"), person=letter.assignment.member.name))
