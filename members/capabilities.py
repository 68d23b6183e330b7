"""What each kind of role may do, and how far: the one table members.scope reads.

A role holds its capabilities over a reach measured from the organisation it is held at:

- SUBTREE: that organisation and everything below it (a secretary's branch and its groups,
  a township official's branches);
- BRANCH: the whole branch the role or roster record sits in (a group leader and a plain
  member read their branch's posts and notices);
- OWN: the user's own roster record and the rows that belong to it (their claims, letters,
  log); for a branch-level question it answers about the record's branch (a member claims
  the posts of their own branch).

The member's own record is a kind of its own ("member"): a user with a roster record holds
its capabilities whether or not they also hold a role. A superuser holds every capability
everywhere, except those held only on an own record, which need a roster record like anyone.
"""

from .models import Role

SUBTREE, BRANCH, OWN = "subtree", "branch", "own"
MEMBER = "member"

# Capabilities of whoever runs a branch: the secretary and committee members alike.
_RUNS_BRANCH = {
    "roster.read": SUBTREE,
    "roster.change": SUBTREE,
    "accounts.manage": SUBTREE,
    "logins.unlock": SUBTREE,
    "posts.read": SUBTREE,
    "catalogue.read": SUBTREE,
    "posts.set_up": SUBTREE,
    "claims.review": SUBTREE,
    "assignments.change": SUBTREE,
    "notices.read": SUBTREE,
    "notices.publish": SUBTREE,
    "objections.read": SUBTREE,
    "objections.handle": SUBTREE,
    "letters.read": SUBTREE,
    "letters.sign": SUBTREE,
    "summaries.read": SUBTREE,
    "print": SUBTREE,
    "audit.read": SUBTREE,
    # Serving on post (履岗): the log, points, activities, pledges, areas, pairs and checks.
    "log.read": SUBTREE,
    "log.verify": SUBTREE,
    "log.close_month": SUBTREE,
    "points.read": SUBTREE,
    "points.adjust": SUBTREE,
    "activities.run": SUBTREE,
    "pledges.read": SUBTREE,
    "pledges.review": SUBTREE,
    "areas.set": SUBTREE,
    "mentoring.set": SUBTREE,
    "meetings.record": SUBTREE,
    "reports.read": SUBTREE,
    "inspections.read": SUBTREE,
    "assessments.grade": SUBTREE,
    "consequences.confirm": SUBTREE,
    "honours.approve": SUBTREE,
    "policy.set": SUBTREE,
}

# Township and county officials read everything below them, print, and publish common posts.
_OVERSEES = {
    "roster.read": SUBTREE,
    "posts.read": SUBTREE,
    "catalogue.read": SUBTREE,
    "notices.read": SUBTREE,
    "objections.read": SUBTREE,
    "letters.read": SUBTREE,
    "summaries.read": SUBTREE,
    "print": SUBTREE,
    "audit.read": SUBTREE,
    "catalogue.publish_common": SUBTREE,
    "policy.set": SUBTREE,
    # Serving on post: the township reads counts and boards, and records its inspections.
    "log.read": SUBTREE,
    # The monthly register (月登记) of all its branches at once, as a background run.
    "log.close_month": SUBTREE,
    "points.read": SUBTREE,
    "pledges.read": SUBTREE,
    "reports.read": SUBTREE,
    "inspections.read": SUBTREE,
    "inspections.record": SUBTREE,
}

CAPABILITIES = {
    MEMBER: {
        "roster.read": OWN,
        "record.read_own": OWN,
        "letters.read": OWN,
        "claims.make_own": OWN,
        "log.write_own": OWN,
        "points.read_own": OWN,
        "pledges.make_own": OWN,
        "reports.write_own": OWN,
        "activities.attend_own": OWN,
        "posts.read": BRANCH,
        "notices.read": BRANCH,
        # The branch's monthly points board is public on paper and on its public page anyway.
        "points.read": BRANCH,
    },
    Role.Kind.GROUP_LEADER: {
        "roster.read": SUBTREE,
        "letters.read": SUBTREE,
        # A group or grid leader checks the log of their own group and runs its activities.
        "log.read": SUBTREE,
        "log.verify": SUBTREE,
        "activities.run": SUBTREE,
        "points.read": BRANCH,
        "posts.read": BRANCH,
        "notices.read": BRANCH,
    },
    Role.Kind.BRANCH_COMMITTEE: _RUNS_BRANCH,
    Role.Kind.BRANCH_SECRETARY: _RUNS_BRANCH,
    # The township confirms consequences where the policy asks for it (考评); the county does not.
    Role.Kind.TOWNSHIP_OFFICIAL: {**_OVERSEES, "consequences.confirm": SUBTREE},
    Role.Kind.COUNTY_OFFICIAL: _OVERSEES,
}

ALL = frozenset(cap for caps in CAPABILITIES.values() for cap in caps)

# Held only on an own roster record: a superuser without one has nothing to claim or log.
OWN_ONLY = frozenset(cap for cap in ALL if all(caps.get(cap) in (None, OWN) for caps in CAPABILITIES.values()))


def check(*capabilities):
    """The names a view or lookup declares, checked against the table (a typo fails at import)."""
    unknown = set(capabilities) - ALL
    if unknown:
        raise ValueError(f"Unknown capabilities: {sorted(unknown)}")
    return capabilities
