"""The standard obligations written into every responsibility letter (目标责任状).

They are translated at the moment a letter is made and copied into it, so a later
change of these texts (or of the translation) never alters a letter already signed.
"""

from django.utils.translation import gettext_lazy as _

MEMBER_OBLIGATIONS = [
    _("Serve the people in the post's field of work and complete the duties and targets written above."),
    _("Keep the duty log truthfully and hand it to the group leader or the secretary for checking every month."),
    _(
        "Report on the work of the post to the branch, and to members' and villagers' representatives, "
        "at least once a year, and accept their assessment."
    ),
    _(
        "Take part in the training the branch organises, and tell the branch in good time when unable "
        "to serve for a while."
    ),
]

BRANCH_OBLIGATIONS = [
    _("Explain the duties and targets of the post to the member and give training before and during service."),
    _("Keep the member informed of the branch's plans and of matters that concern the post."),
    _("Help solve the difficulties the member meets on post and provide what the work needs."),
    _("Check and assess the member's service fairly, publish the results and commend good service."),
]


def numbered(items):
    """ "1. …" lines, as printed on the letter."""
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
