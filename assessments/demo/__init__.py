"""The demo branch's year of serving on post, made through the services, part by part: the
duty log and activities first (points, pledges and checks build on them)."""

from django.utils import timezone

from . import checks, log, pledges, points


def populate(*, branch, today=None):
    today = today or timezone.localdate()
    log.make(branch, today.year, today)
    checks.make(branch, today.year, today)
    pledges.make(branch, today.year, today)
    # Points build on the verified entries: a rule, an award and a deduction, past months closed.
    points.make(branch, today.year, today)
