"""操作记录: the audit log per branch, per object, and across the user's whole reach, with
filters and an export. Everything starts from selectors.entries_for(scope)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from members.access import requires
from members.roster.exporting import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, write_csv, write_xlsx

from . import selectors
from .forms import EntryFilterForm

PER_PAGE = 50


@requires("audit.read")
def entry_list(request):
    """Everything the user reads: a township's or county's whole subtree, a superuser's all."""
    return _entries_page(request, selectors.entries_for(request.scope), title=_("Audit log"), slug="all")


@requires("audit.read")
def branch_entries(request, branch):
    entries = selectors.entries_for(request.scope).filter(organisation_path__startswith=branch.path)
    return _entries_page(
        request, entries, title=_("Audit log of %(branch)s") % {"branch": branch.name}, slug=branch.code, branch=branch
    )


@requires("audit.read")
def object_entries(request, kind, object_id):
    content_type = selectors.content_type_of(kind)
    if content_type is None:
        raise Http404
    entries = selectors.entries_for(request.scope).filter(content_type=content_type, object_id=object_id)
    first = entries.first()
    if first is None:
        raise Http404  # nothing the user may read about it, or no such object
    title = _("Audit log of %(kind)s “%(object)s”") % {
        "kind": content_type.model_class()._meta.verbose_name,
        "object": first.object_label,
    }
    return _entries_page(request, entries, title=title, slug=f"{kind}-{object_id}", object_page=True)


def _entries_page(request, entries, *, title, slug, branch=None, object_page=False):
    form = EntryFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        entries = selectors.filtered(entries, form.cleaned_data)
    export = request.GET.get("export")
    if export in ("csv", "xlsx") and not form.errors:
        return _export(entries, export, slug)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "audit/entries.html",
        {
            "title": title,
            "form": form,
            "page": page,
            "page_query": query.urlencode(),
            "branch": branch,
            "object_page": object_page,
            "object_kinds": {kind for kind, _label in selectors.kind_choices()},
        },
    )


def _headers():
    return [
        pgettext("audit log", "Time"),
        pgettext("audit log", "Action"),
        pgettext("audit log", "By"),
        pgettext("audit log", "Object kind"),
        pgettext("audit log", "Object"),
        pgettext("audit log", "Organisation"),
        pgettext("audit log", "Reason"),
        pgettext("audit log", "Details"),
    ]


def _rows(entries):
    for entry in entries.iterator(chunk_size=2000):
        kind = entry.content_type.model_class()._meta.verbose_name if entry.content_type_id else ""
        yield [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"),
            str(entry.action_label),
            entry.actor_label or _("system"),
            str(kind),
            entry.object_label,
            entry.organisation.name if entry.organisation else "",
            entry.reason,
            entry.details,
        ]


def _export(entries, file_format, slug):
    """The filtered entries as a spreadsheet; text a spreadsheet would run as a formula is kept
    text (members.roster.exporting neutralises it in both formats)."""
    name = f"audit-{slug}-{timezone.localdate():%Y%m%d}.{file_format}"
    if file_format == "xlsx":
        body, content_type = write_xlsx(_headers(), _rows(entries), title=_("Audit log")), XLSX_CONTENT_TYPE
    else:
        body, content_type = write_csv(_headers(), _rows(entries)), CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
