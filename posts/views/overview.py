"""The secretary's overview of a branch's posts for a year, and the list of branches that
leads to it (read-only for township and county officials)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from members.access import requires
from members.params import year_param

from .. import selectors


@requires("summaries.read")
def branches(request):
    scope = request.scope
    listed = scope.branches("summaries.read")
    year = year_param(request, timezone.localdate().year)
    rows = selectors.branch_summaries(listed, year)
    if not rows:
        raise Http404
    # The help line names the floor when every listed branch has the same one.
    floors = {r["floor"] for r in rows}
    return render(
        request,
        "posts/overview/branches.html",
        {
            "rows": rows,
            "totals": selectors.summary_totals(rows),
            "year": year,
            "floor": floors.pop() if len(floors) == 1 else None,
            "managed": {r["branch"].pk for r in rows if scope.can("claims.review", r["branch"])},
            "publishes_common": selectors.common_owners(scope).exists(),
        },
    )


@requires("summaries.read")
def overview(request, branch):
    year = year_param(request, selectors.working_year(branch))
    return render(
        request,
        "posts/overview/overview.html",
        {
            "branch": branch,
            "year": year,
            "can_manage": request.scope.can("claims.review", branch),
            "policy": selectors.policy_for(branch),
            **selectors.overview(branch, year, request.scope.members("roster.read")),
        },
    )
