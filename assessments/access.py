"""Lookups of duty log and activity rows within a capability's reach; outside it, a 404.

The log is about people: a group leader holds log.read, log.verify and activities.run over
their group, so a branch page of the log is open to them too (showing only their group's
people), although the branch itself lies above their reach. `requires_people` is
members.access.requires with that one difference in finding the branch of the URL.
"""

from django.db.models import Q

from members.access import own_member, requires
from members.models import Organisation

from .models import Activity, DutyLogEntry, LogPhoto


def people_branches(scope, capabilities):
    """Branches where the user holds a capability over all or some of the people: branches in
    its reach, and the branches of the groups in its reach."""
    paths = scope.paths(capabilities, own_branch=False)
    if "" in paths:
        return Organisation.objects.filter(level=Organisation.Level.BRANCH)
    q = Q(pk__in=[])
    for path in paths:
        # A group's path is its branch's path plus one step: the branch's path is its prefix.
        q |= Q(path__startswith=path)
        if path.count("/") > 1:
            q |= Q(path=path.rsplit("/", 2)[0] + "/")
    return Organisation.objects.filter(q, level=Organisation.Level.BRANCH)


def requires_people(*capabilities):
    """members.access.requires, with the branch of the URL found among people_branches."""
    return requires(*capabilities, branches=people_branches)


def entries(scope, capabilities):
    """Entries of the people within the capabilities' reach (the own record's for log.write_own)."""
    return scope.filter_members(DutyLogEntry.objects.all(), capabilities)


def get_entry_or_404(request, pk, capabilities):
    rows = entries(request.scope, capabilities).select_related(
        "member__group", "branch", "assignment__post__post_type", "checked_by", "activity"
    )
    return request.scope.get_or_404(rows, pk=pk)


def get_own_entry_or_404(request, pk):
    member = own_member(request)
    rows = DutyLogEntry.objects.filter(member=member).select_related("branch", "assignment__post__post_type")
    return request.scope.get_or_404(rows, pk=pk)


def get_photo_or_404(request, pk):
    """A photo of an entry the user may read: their own, their group's, their branches'."""
    readable = entries(request.scope, ("log.read", "log.write_own"))
    return request.scope.get_or_404(LogPhoto.objects.filter(entry__in=readable.values("pk")), pk=pk)


def activities(scope, capability):
    """Activities within reach: those of branches in reach, and, for a group leader, those that
    invite their group."""
    paths = scope.paths(capability, own_branch=False)
    if "" in paths:
        return Activity.objects.all()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(branch__path__startswith=path) | Q(groups__path__startswith=path)
    return Activity.objects.filter(pk__in=Activity.objects.filter(q).values("pk"))


def get_activity_or_404(request, pk, capability):
    return request.scope.get_or_404(activities(request.scope, capability).select_related("branch", "created_by"), pk=pk)
