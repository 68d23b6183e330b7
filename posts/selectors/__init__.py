"""Reads for the post pages, one module per stage as in posts.views and posts.services:
catalogue, policy, claims, notices, lifecycle, overview. Callers pass rows already found
through request.scope. The names are gathered here so callers read `selectors.nominees`
whatever the stage.

Two functions share their stage module's name: `selectors.notices` and `selectors.overview`
are the functions (as callers have always read them); import from those modules with
`from posts.selectors.notices import ...`, which finds the module itself."""

from .catalogue import (
    COMMON_OWNER_LEVELS,
    adoptable_types,
    branch_posts,
    common_owners,
    common_post_types,
    editable_post_types,
    open_round,
    rounds,
    suits,
    visible_post_types,
    with_counts,
    working_year,
)
from .claims import decided_claims, held_post_ids, member_claims, nominees, pending_post_ids, review_board
from .lifecycle import (
    assignment_events,
    assignments,
    holding_for_new_term,
    letters,
    member_assignments,
    member_events,
    transfer_targets,
)
from .notices import (
    approved_for_notice,
    due_notices,
    notice_assignments,
    notice_entries,
    notices,
    objections,
    sees_objections,
)
from .overview import ON_POST, STAGES, branch_summaries, coverage, officer_work, overview, summary_totals
from .policy import EffectivePolicy, policies_for, policy_for, policy_organisations

__all__ = [
    "COMMON_OWNER_LEVELS",
    "suits",
    "adoptable_types",
    "visible_post_types",
    "common_post_types",
    "editable_post_types",
    "common_owners",
    "with_counts",
    "branch_posts",
    "open_round",
    "working_year",
    "rounds",
    "EffectivePolicy",
    "policies_for",
    "policy_for",
    "policy_organisations",
    "member_claims",
    "pending_post_ids",
    "held_post_ids",
    "nominees",
    "review_board",
    "decided_claims",
    "notices",
    "sees_objections",
    "notice_assignments",
    "notice_entries",
    "objections",
    "approved_for_notice",
    "due_notices",
    "letters",
    "assignments",
    "assignment_events",
    "member_assignments",
    "member_events",
    "holding_for_new_term",
    "transfer_targets",
    "ON_POST",
    "STAGES",
    "coverage",
    "overview",
    "officer_work",
    "branch_summaries",
    "summary_totals",
]
