"""How a page declares what it needs, and the lookups that 404 outside the user's reach.

A view says which capability it needs (`@requires("claims.review")`, see
members/capabilities.py). A branch in the URL is always its code; the decorator looks it
up within the capability's reach and hands the view the branch. Pages without a branch in
the URL are found only by users who hold the capability somewhere; the objects they name
are looked up with the get_<thing>_or_404 helpers here and in posts/access.py. Outside the
reach is a 404, never a 403: a URL must not confirm that something exists.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .capabilities import check
from .models import Member


def requires(*capabilities, branches=None):
    """The capability a view needs (any one of several). With a `code` in the URL the view gets
    `branch`, the branch of that code within the capability's reach, instead; `branches(scope,
    capabilities)` widens where that branch is looked up (a group leader's log pages: the
    branch of their group, above their reach)."""
    check(*capabilities)

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if "code" in kwargs and branches is not None:
                found = branches(request.scope, capabilities)
                kwargs["branch"] = request.scope.get_or_404(found, code=kwargs.pop("code"))
            elif "code" in kwargs:
                kwargs["branch"] = get_branch_or_404(request, kwargs.pop("code"), capabilities)
            elif not request.scope.holds(capabilities):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.capabilities = capabilities
        return wrapped

    return decorator


def get_branch_or_404(request, code, capability):
    return request.scope.get_or_404(request.scope.branches(capability), code=code)


def get_member_or_404(request, pk, capability, queryset=None):
    """A roster record within the capability's reach; `queryset` narrows it further (e.g. the
    branch's members who have a login)."""
    queryset = Member.objects.all() if queryset is None else queryset
    return request.scope.get_or_404(request.scope.filter_members(queryset, capability, via="pk"), pk=pk)


def own_member(request):
    """The user's own roster record; pages for members are not found without one."""
    if request.scope.member is None:
        raise Http404
    return request.scope.member
