"""What other apps add to the post workflow, without posts importing them.

assessments depends on posts, never the reverse: it registers here, in its AppConfig.ready(),
the functions posts asks (tests/test_layout.py keeps posts free of imports of assessments).
With nothing registered, nobody is deferred and notices carry no pledges.
"""

_deferral_checks = []
_pledge_readers = []


def register_deferral(check):
    """`check(member)` returns what defers the member from taking a post (暂缓上岗), an object
    with the `year` of the review that says so, or None."""
    if check not in _deferral_checks:
        _deferral_checks.append(check)


def register_pledge_reader(reader):
    """`reader(assignments)` returns {assignment pk: [pledge, …]}, each pledge with a `text`,
    in a fixed number of queries."""
    if reader not in _pledge_readers:
        _pledge_readers.append(reader)


def deferral(member):
    for check in _deferral_checks:
        found = check(member)
        if found is not None:
            return found
    return None


def attach_pledges(assignments):
    """Give each assignment `.pledge_list`: the pledges shown beside it on a notice."""
    found = {}
    for reader in _pledge_readers:
        for pk, pledges in reader(assignments).items():
            found.setdefault(pk, []).extend(pledges)
    for a in assignments:
        a.pledge_list = found.get(a.pk, [])
    return assignments
