"""Service points (服务积分): what a verified log entry earns.

Points come from rules, never from a typed number. Until a county sets its own rules the
defaults of seed 002 apply: 3 points for an individual service, 2 for a collective activity.
"""

from ..models import DutyLogEntry

Kind = DutyLogEntry.Kind

DEFAULT_POINTS = {Kind.INDIVIDUAL: 3, Kind.COLLECTIVE: 2, Kind.OTHER: 0}


def points_for(entry):
    """The points `entry` earns when it is verified, by the rules in force on its date."""
    return DEFAULT_POINTS[entry.kind]
