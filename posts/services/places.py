"""The one rule for taking a place on a post, shared by approval, transfer and carry-over."""

from django.utils.translation import gettext as _

from audit import not_a_service

from ..models import Assignment, BranchPost
from . import PostError


@not_a_service("a lock and a check inside the services that fill a place")
def lock_post_with_free_place(post):
    """Lock the post row and return it, or refuse when its live assignments fill the headcount.

    Call inside transaction.atomic() and create the assignment before the transaction ends:
    the row lock makes two officers filling the last place at the same moment take turns,
    so the second one counts the first one's assignment and is refused.
    """
    # of=("self",): lock only the post row, not the catalogue entry other branches share.
    post = BranchPost.objects.select_for_update(of=("self",)).select_related("post_type").get(pk=post.pk)
    taken = Assignment.objects.filter(post=post, status__in=Assignment.LIVE).count()
    if taken >= post.headcount:
        raise PostError(
            _("The post “%(post)s” is full: its %(headcount)d place(s) are taken.")
            % {"post": post.post_type.name, "headcount": post.headcount},
            code="post_full",
        )
    return post
