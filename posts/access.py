"""One lookup per kind of post object, within the reach of a capability (members/capabilities.py);
anything outside it is a 404. Views name the capability they act under."""

from members.access import own_member

from . import selectors
from .models import BranchPost, Claim, Objection, ResponsibilityLetter


def get_post_or_404(request, pk, capability):
    posts = request.scope.filter(
        BranchPost.objects.select_related("branch", "post_type__post_class"), capability, via="branch"
    )
    return request.scope.get_or_404(posts, pk=pk)


def get_post_type_or_404(request, pk):
    """A post type the user may edit: their branch's own posts (posts.set_up) and the common
    posts they publish (catalogue.publish_common); presets change only by loading them again."""
    return request.scope.get_or_404(selectors.editable_post_types(request.scope), pk=pk)


def get_claim_or_404(request, pk, capability):
    """A claim on a post within reach; under a capability held on the own record
    (claims.make_own), only the user's own claims."""
    if capability == "claims.make_own":
        own_member(request)
    claims = request.scope.filter(
        Claim.objects.select_related("post__branch", "member"), capability, via="post__branch", member_via="member"
    )
    return request.scope.get_or_404(claims, pk=pk)


def get_notice_or_404(request, pk, capability):
    return request.scope.get_or_404(selectors.notices(request.scope, capability), pk=pk)


def get_objection_or_404(request, pk, capability):
    objections = request.scope.filter(
        Objection.objects.select_related("notice__branch"), capability, via="notice__branch"
    )
    return request.scope.get_or_404(objections, pk=pk)


def get_assignment_or_404(request, pk, capability):
    """An assignment whose member is within reach (a group leader reads their group's, a member
    their own; officers change those of their branch's people)."""
    assignments = selectors.assignments(request.scope, capability).select_related("letter")
    return request.scope.get_or_404(assignments, pk=pk)


def get_letter_or_404(request, pk, capability):
    letters = request.scope.filter(
        ResponsibilityLetter.objects.select_related(
            "assignment__member", "assignment__post__post_type__post_class", "assignment__post__branch"
        ),
        capability,
        via="assignment__post__branch",
    )
    return request.scope.get_or_404(letters, pk=pk)
