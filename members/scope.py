"""The one place that decides what a user may see and change.

Every view, admin page, export and printout asks `request.scope` (set by
ScopeMiddleware) for its querysets. Rules:

- superuser: everything, read and write;
- branch secretary / committee member: read and write their branch and its groups;
- group / grid leader: read the people of their group, the posts of their branch;
- township official, county organisation department: read-only over their subtree;
- member (a roster record linked to the login): their own record, their branch's
  posts and notices.

Objects outside the scope are reported as "not found" (404), never as "forbidden",
so a URL does not even confirm that something exists.
"""

from functools import cached_property

from django.db.models import Q
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from .models import Member, Organisation, Role


class Scope:
    def __init__(self, user):
        self.user = user

    # -- who the user is -------------------------------------------------

    @property
    def is_authenticated(self):
        return bool(self.user and self.user.is_authenticated)

    @property
    def is_superuser(self):
        return self.is_authenticated and self.user.is_superuser

    @cached_property
    def roles(self):
        if not self.is_authenticated:
            return []
        return list(Role.objects.filter(user=self.user).select_related("organisation"))

    @cached_property
    def member(self):
        """The user's own roster record, if any."""
        if not self.is_authenticated:
            return None
        return Member.objects.filter(user=self.user).select_related("branch", "group").first()

    def _paths(self, kinds):
        return sorted({r.organisation.path for r in self.roles if r.kind in kinds})

    @cached_property
    def managed_paths(self):
        return self._paths(Role.MANAGING)

    @cached_property
    def oversight_paths(self):
        return self._paths({Role.Kind.TOWNSHIP_OFFICIAL, Role.Kind.COUNTY_OFFICIAL})

    @cached_property
    def group_paths(self):
        return self._paths({Role.Kind.GROUP_LEADER})

    @cached_property
    def org_read_paths(self):
        """Subtrees whose organisations, posts and notices the user may read."""
        paths = set(self.managed_paths) | set(self.oversight_paths)
        # A group leader and a plain member read their branch's posts and notices.
        for path in self.group_paths:
            paths.add(path.rsplit("/", 2)[0] + "/")
        if self.member:
            paths.add(self.member.branch.path)
        return _minimal(paths)

    @cached_property
    def supervised_paths(self):
        """Subtrees the user runs or oversees: an officer's or overseer's reach, without the
        own branch that a plain member or group leader may read."""
        return _minimal(set(self.managed_paths) | set(self.oversight_paths))

    @property
    def is_officer(self):
        return self.is_superuser or bool(self.managed_paths)

    @property
    def is_overseer(self):
        return bool(self.oversight_paths)

    @property
    def is_county(self):
        return self.is_superuser or any(r.kind == Role.Kind.COUNTY_OFFICIAL for r in self.roles)

    @property
    def read_only(self):
        """Overseers and group leaders look but do not change anything."""
        return not self.is_officer

    # -- organisations ----------------------------------------------------

    def _path_q(self, paths, via):
        field = f"{via}__path__startswith" if via else "path__startswith"
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(**{field: path})
        return q

    def filter_by_org(self, queryset, via=None, write=False):
        """Restrict any queryset of org-owned rows; `via` is the lookup to the organisation
        (e.g. "branch" for a BranchPost), None when the queryset is of organisations."""
        if self.is_superuser:
            return queryset
        paths = self.managed_paths if write else self.org_read_paths
        return queryset.filter(self._path_q(paths, via))

    def filter_supervised(self, queryset, via=None):
        """Restrict org-owned rows to those the user runs or oversees (read-only for overseers),
        e.g. the summaries and catalogue pages that members and group leaders do not get."""
        if self.is_superuser:
            return queryset
        return queryset.filter(self._path_q(self.supervised_paths, via))

    def organisations(self, write=False):
        return self.filter_by_org(Organisation.objects.all(), write=write)

    def branches(self, write=False):
        return self.organisations(write=write).filter(level=Organisation.Level.BRANCH)

    def can_manage(self, organisation):
        if self.is_superuser:
            return True
        return any(organisation.path.startswith(p) for p in self.managed_paths)

    def can_read(self, organisation):
        if self.is_superuser:
            return True
        return any(organisation.path.startswith(p) for p in self.org_read_paths)

    # -- people -------------------------------------------------------------

    def members(self, write=False):
        """Roster records the user may read (or change, with write=True)."""
        qs = Member.objects.all()
        if self.is_superuser:
            return qs
        if write:
            return qs.filter(self._path_q(self.managed_paths, "branch"))
        q = self._path_q(self.supervised_paths, "branch")
        q |= self._path_q(self.group_paths, "group")
        if self.member:
            q |= Q(pk=self.member.pk)
        return qs.filter(q)

    def filter_by_member(self, queryset, via="member", write=False):
        """Restrict a queryset of rows owned by a roster member (claims, logs, pledges)."""
        if self.is_superuser:
            return queryset
        return queryset.filter(**{f"{via}__in": self.members(write=write).values("pk")})

    def sees_full_id(self, member):
        """Only the officers of the member's own branch see the ID number unmasked."""
        return self.is_superuser or any(member.branch.path.startswith(p) for p in self.managed_paths)

    @cached_property
    def sees_every_full_id(self):
        """True when every roster record the user can read shows its ID number in full: only
        then may they search or filter by ID number (or by the birth date read from it)."""
        if self.is_superuser:
            return True
        if not self.managed_paths:
            return False
        readable = set(self.supervised_paths) | set(self.group_paths)
        if self.member:
            readable.add(self.member.branch.path)
        return all(any(path.startswith(m) for m in self.managed_paths) for path in readable)

    def users(self):
        """Login accounts an officer may hand a role or link to a roster record: those of the
        members of the branches they manage (user names are phone numbers, so nobody else's)."""
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.all()
        if self.is_superuser:
            return users
        return users.filter(member__in=self.members(write=True).values("pk"))

    def id_number_for(self, member):
        return member.id_number if self.sees_full_id(member) else member.masked_id_number

    # -- lookups that 404 outside the scope ---------------------------------

    def get_or_404(self, queryset, **lookup):
        try:
            return queryset.get(**lookup)
        except queryset.model.DoesNotExist:
            raise Http404 from None


def _minimal(paths):
    """Drop paths that lie inside another path of the set (keeps the filters short)."""
    result = []
    for path in sorted(paths, key=len):
        if not any(path.startswith(p) for p in result):
            result.append(path)
    return result


def get_scope(user):
    return Scope(user)


class ScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: get_scope(request.user))
        return self.get_response(request)
