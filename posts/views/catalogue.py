"""设岗: a branch's posts for a year, adopting catalogue posts, its own posts, claim rounds;
and the common posts (共性岗位) that townships and counties publish."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from members.access import requires
from members.params import year_param

from .. import forms, selectors
from ..access import get_post_or_404, get_post_type_or_404
from ..services import catalogue as service
from . import attempt


def _to_catalogue(branch, year):
    return redirect(f"{reverse('posts:catalogue', args=[branch.code])}?year={year}")


@requires("catalogue.read")
def catalogue(request, branch):
    year = year_param(request, selectors.working_year(branch))
    return render(
        request,
        "posts/catalogue/branch.html",
        {
            "branch": branch,
            "year": year,
            "posts": selectors.branch_posts(branch, year),
            "rounds": selectors.rounds(branch)[:5],
            "open_round": selectors.open_round(branch),
            "can_manage": request.scope.can("posts.set_up", branch),
        },
    )


@requires("posts.set_up")
def adopt(request, branch):
    year = year_param(request, selectors.working_year(branch))
    form = forms.AdoptForm(request.POST or None, branch=branch, year=year)
    if request.method == "POST" and form.is_valid():
        created = attempt(
            request,
            lambda: service.adopt_posts(
                branch=branch,
                year=year,
                by=request.user,
                **form.cleaned_data,
            ),
            _("The posts are set for the year."),
        )
        if created is not None:
            return _to_catalogue(branch, year)
    return render(request, "posts/catalogue/adopt.html", {"branch": branch, "year": year, "form": form})


@requires("posts.set_up")
def own_post(request, branch):
    """A post of the branch's own (个性岗位), set for the year at once."""
    year = year_param(request, selectors.working_year(branch))
    form = forms.OwnPostForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: service.add_own_post(branch=branch, year=year, by=request.user, **form.cleaned_data),
            _("The post is added to the branch's catalogue and set for the year."),
        )
    ):
        return _to_catalogue(branch, year)
    return render(request, "posts/catalogue/own_post.html", {"branch": branch, "year": year, "form": form})


@requires("posts.set_up")
def post_edit(request, pk):
    scope = request.scope
    post = get_post_or_404(request, pk, "posts.set_up")
    form = forms.BranchPostForm(
        request.POST or None,
        people=scope.members("posts.set_up").filter(branch=post.branch).order_by("name"),
        initial={
            "headcount": post.headcount,
            "lead": post.lead_id,
            "contact_cadre": post.contact_cadre_id,
            "is_open": post.is_open,
            "extra_duties": post.extra_duties,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: service.update_branch_post(post=post, by=request.user, **form.cleaned_data),
            _("The post is saved."),
        )
    ):
        return _to_catalogue(post.branch, post.year)
    return render(request, "posts/catalogue/post_edit.html", {"post": post, "form": form})


@requires("posts.set_up")
def round_open(request, branch):
    form = forms.RoundForm(
        request.POST or None,
        year=year_param(request, selectors.working_year(branch)),
        days=selectors.policy_for(branch).claim_round_days,
    )
    if request.method == "POST" and form.is_valid():
        claim_round = attempt(
            request,
            lambda: service.open_round(branch=branch, by=request.user, **form.cleaned_data),
            _("The claim round is set. Members see the posts and may claim them on those days."),
        )
        if claim_round:
            return _to_catalogue(branch, claim_round.year)
    return render(
        request,
        "posts/catalogue/round_open.html",
        {
            "branch": branch,
            "form": form,
            "rounds": selectors.rounds(branch),
        },
    )


@requires("catalogue.publish_common")
def common_posts(request):
    """Township and county officials publish common posts for the branches below them."""
    owners = selectors.common_owners(request.scope)
    if not owners.exists():
        raise Http404
    form = forms.CommonPostForm(request.POST or None, owners=owners)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: service.create_post_type(by=request.user, **form.cleaned_data),
            _("The common post is published; branches below can now set it."),
        )
    ):
        return redirect("posts:common_posts")
    return render(
        request,
        "posts/catalogue/common.html",
        {
            "form": form,
            "post_types": selectors.common_post_types(request.scope),
        },
    )


@requires("posts.set_up", "catalogue.publish_common")
def type_edit(request, pk):
    """Edit a branch's own post or a common post; presets change only by loading them again."""
    post_type = get_post_type_or_404(request, pk)
    form_class = forms.EditPostTypeForm if post_type.owner.is_branch else forms.EditCommonPostForm
    form = form_class(request.POST or None, instance=post_type)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if attempt(
            request,
            lambda: service.update_post_type(post_type=post_type, by=request.user, **changes),
            _("The post is saved."),
        ):
            if post_type.owner.is_branch:
                return redirect("posts:catalogue", code=post_type.owner.code)
            return redirect("posts:common_posts")
    return render(request, "posts/catalogue/type_edit.html", {"post_type": post_type, "form": form})
