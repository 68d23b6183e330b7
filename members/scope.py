"""The one place that decides what a user may see and change.

Every view, admin page, export and printout asks `request.scope` (set by ScopeMiddleware)
whether the user holds a capability over an organisation (`scope.can`), or for the rows
within a capability's reach (`scope.organisations`, `scope.filter`, `scope.members`). What
each kind of role holds, and how far, is the table in members/capabilities.py; this module
only measures the reach of the user's roles and roster record.

Objects outside the scope are reported as "not found" (404), never as "forbidden",
so a URL does not even confirm that something exists.
"""

from functools import cached_property

from django.db.models import Q
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from .capabilities import BRANCH, CAPABILITIES, MEMBER, OWN, OWN_ONLY, check
from .models import Member, Organisation, Role


def _as_tuple(capabilities):
    """One capability or several (any of them will do)."""
    return check(*((capabilities,) if isinstance(capabilities, str) else capabilities))


def _branch_path(path):
    """The branch a group's path lies in ("/C1/T1/B1/B1G1/" → "/C1/T1/B1/")."""
    return path.rsplit("/", 2)[0] + "/"


class Scope:
    def __init__(self, user):
        self.user = user
        self._reaches = {}

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

    # -- capabilities and their reach --------------------------------------

    def _everywhere(self, capability):
        return self.is_superuser and capability not in OWN_ONLY

    def _reach(self, capability):
        """(paths, group_paths, own) for one capability: subtrees of organisations where it is
        held (group_paths: those held at a party group, whose people are found by their group),
        and whether it is held on the user's own roster record."""
        if capability not in self._reaches:
            paths, group_paths, own = set(), set(), False
            grants = [(CAPABILITIES[r.kind], r.organisation) for r in self.roles]
            # The roster record costs a query: asked for only when a member could hold the capability.
            if capability in CAPABILITIES[MEMBER] and self.member is not None:
                grants.append((CAPABILITIES[MEMBER], self.member.branch))
            for caps, org in grants:
                reach = caps.get(capability)
                if reach is None:
                    continue
                if reach == OWN:
                    own = True
                elif reach == BRANCH:
                    paths.add(org.path if org.is_branch else _branch_path(org.path))
                elif org.level == Organisation.Level.GROUP:
                    group_paths.add(org.path)
                else:
                    paths.add(org.path)
            self._reaches[capability] = (_minimal(paths), _minimal(group_paths), own)
        return self._reaches[capability]

    def holds(self, capabilities):
        """Whether the user holds any of the capabilities anywhere (pages without an organisation
        in the URL, such as a member's own claims or an overseer's list of branches)."""
        return any(self._everywhere(c) or any(self._reach(c)) for c in _as_tuple(capabilities))

    def paths(self, capabilities, own_branch=True):
        """Paths of the subtrees where any of the capabilities holds ("" for everywhere). A
        capability held on the own record counts for the record's branch, unless own_branch=False."""
        found = set()
        for c in _as_tuple(capabilities):
            if self._everywhere(c):
                return [""]
            paths, group_paths, own = self._reach(c)
            found.update(paths, group_paths)
            if own and own_branch:
                found.add(self.member.branch.path)
        return _minimal(found)

    def can(self, capabilities, organisation):
        """Whether the user holds any of the capabilities over this organisation."""
        return any(organisation.path.startswith(p) for p in self.paths(capabilities))

    # -- organisations and the rows they own --------------------------------

    def _path_q(self, paths, via):
        field = f"{via}__path__startswith" if via else "path__startswith"
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(**{field: path})
        return q

    def filter(self, queryset, capabilities, via=None, member_via=None):
        """Restrict a queryset of org-owned rows to the capabilities' reach; `via` is the lookup to
        the organisation (e.g. "branch" for a BranchPost, None for organisations). For rows that
        also belong to a person (claims), `member_via` names the lookup to the roster record:
        capabilities held on an own record then reach the user's own rows only."""
        caps = _as_tuple(capabilities)
        if any(self._everywhere(c) for c in caps):
            return queryset
        q = self._path_q(self.paths(caps, own_branch=not member_via), via)
        if member_via and any(self._reach(c)[2] for c in caps):
            q |= Q(**{member_via: self.member.pk})
        return queryset.filter(q)

    def organisations(self, capabilities):
        return self.filter(Organisation.objects.all(), capabilities)

    def branches(self, capabilities):
        return self.organisations(capabilities).filter(level=Organisation.Level.BRANCH)

    # -- people -------------------------------------------------------------

    def members(self, capabilities):
        """Roster records within the capabilities' reach: by branch, by party group for a role held
        at a group, and the user's own record for a capability held on it."""
        caps = _as_tuple(capabilities)
        qs = Member.objects.all()
        if any(self._everywhere(c) for c in caps):
            return qs
        q = Q(pk__in=[])
        for c in caps:
            paths, group_paths, own = self._reach(c)
            q |= self._path_q(paths, "branch") | self._path_q(group_paths, "group")
            if own:
                q |= Q(pk=self.member.pk)
        return qs.filter(q)

    def filter_members(self, queryset, capabilities, via="member"):
        """Restrict a queryset of rows owned by a roster member (letters, assignments, logs)."""
        if any(self._everywhere(c) for c in _as_tuple(capabilities)):
            return queryset
        return queryset.filter(**{f"{via}__in": self.members(capabilities).values("pk")})

    def sees_full_id(self, member):
        """Only the officers of the member's own branch, who change the roster, see the ID
        number unmasked."""
        return self.can("roster.change", member.branch)

    @cached_property
    def sees_every_full_id(self):
        """True when every roster record the user can read shows its ID number in full: only
        then may they search or filter by ID number (or by the birth date read from it)."""
        if self.is_superuser:
            return True
        changes = self.paths("roster.change")
        if not changes:
            return False
        return all(any(path.startswith(m) for m in changes) for path in self.paths("roster.read"))

    def users(self):
        """Login accounts an officer may hand a role or link to a roster record: those of the
        members of the branches they manage (user names are phone numbers, so nobody else's)."""
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.all()
        if self.is_superuser:
            return users
        return users.filter(member__in=self.members("roster.change").values("pk"))

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
