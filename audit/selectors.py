"""Who reads which audit entries, and the list's filters.

Branch officers (secretary, committee) read their branch's entries, township and county
officials their subtree's, a superuser all; members and group leaders none. `entries_for`
is the one place that decides it: the pages and the export all start from it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404

from members.models import Organisation

from .models import Entry

# The kinds of object the list can be filtered by: (app label, model name), in this order.
KINDS = [
    ("members", "organisation"), ("members", "member"), ("members", "role"),
    ("posts", "posttype"), ("posts", "branchpost"), ("posts", "claimround"), ("posts", "claim"),
    ("posts", "notice"), ("posts", "objection"), ("posts", "assignment"),
]


def entries_for(scope):
    """The entries `scope` may read, newest first, with what the list shows joined in."""
    entries = Entry.objects.select_related("actor", "content_type", "organisation").order_by("-at", "-pk")
    if scope.is_superuser:
        return entries
    # Entries carry a copy of their organisation's path: one prefix match per subtree the user
    # runs or oversees (members.scope's supervised_paths), without a join.
    q = Q(pk__in=[])
    for path in scope.supervised_paths:
        q |= Q(organisation_path__startswith=path)
    return entries.filter(q)


def readable_branch(scope, code):
    """A branch whose entries `scope` reads, by its code; 404 outside the scope."""
    branch = Organisation.objects.filter(code=code, level=Organisation.Level.BRANCH).first()
    if branch is None or not (scope.is_superuser or any(branch.path.startswith(p) for p in scope.supervised_paths)):
        raise Http404
    return branch


def reads_any(scope):
    return scope.is_superuser or bool(scope.supervised_paths)


def kind_choices():
    return [(f"{app}.{name}", _model(app, name)._meta.verbose_name) for app, name in KINDS]


def _model(app, name):
    from django.apps import apps

    return apps.get_model(app, name)


def content_type_of(kind):
    """The ContentType of "app.model" when it is one of KINDS, else None."""
    app, _dot, name = (kind or "").partition(".")
    if (app, name) not in KINDS:
        return None
    return ContentType.objects.get_for_model(_model(app, name))


def filtered(entries, data):
    """Apply the filter form's cleaned data."""
    if data.get("action"):
        entries = entries.filter(action=data["action"])
    if data.get("who"):
        who = data["who"]
        entries = entries.filter(Q(actor__first_name__icontains=who) | Q(actor__username=who))
    if data.get("since"):
        entries = entries.filter(at__date__gte=data["since"])
    if data.get("until"):
        entries = entries.filter(at__date__lte=data["until"])
    if data.get("kind"):
        entries = entries.filter(content_type=content_type_of(data["kind"]))
    return entries
