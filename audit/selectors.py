"""Who reads which audit entries, and the list's filters.

Branch officers (secretary, committee) read their branch's entries, township and county
officials their subtree's, a superuser all; members and group leaders none. `reach` is the
one place that decides it (the pages, the export and `entries_for` all ask it): the place to
put a capability check from members.scope.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import Entry

# The kinds of object the list can be filtered by: (app label, model name), in this order.
KINDS = [
    ("members", "organisation"),
    ("members", "member"),
    ("members", "role"),
    ("posts", "posttype"),
    ("posts", "branchpost"),
    ("posts", "claimround"),
    ("posts", "claim"),
    ("posts", "notice"),
    ("posts", "objection"),
    ("posts", "assignment"),
]


def entries_for(scope):
    """The entries `scope` may read (the audit.read capability's reach), newest first, with
    what the list shows joined in."""
    entries = Entry.objects.select_related("actor", "content_type", "organisation").order_by("-at", "-pk")
    paths = scope.paths("audit.read")
    if "" in paths:
        return entries
    # Entries carry a copy of their organisation's path: one prefix match per subtree, no join.
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(organisation_path__startswith=path)
    return entries.filter(q)


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
