"""Working days for notice periods: Monday to Friday.

Chinese public holidays and their make-up working days (调休) are left out on purpose: they
are announced by the State Council each December, and the libraries that list them
(e.g. chinesecalendar) must be upgraded every year or silently count a holiday as a
working day. A period counted on weekdays only is at worst a little longer in a holiday
week than the rule requires, never shorter than the officer was told.
"""

import datetime


def is_working_day(day):
    return day.weekday() < 5


def working_days(starts_on, ends_on):
    """Working days from starts_on to ends_on, both counted; 0 when the period is empty."""
    if ends_on < starts_on:
        return 0
    days = (ends_on - starts_on).days + 1
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    for offset in range(rest):
        count += is_working_day(starts_on + datetime.timedelta(days=full_weeks * 7 + offset))
    return count


def last_working_day(starts_on, count):
    """The day on which a period starting on starts_on has lasted `count` working days."""
    day, left = starts_on, count
    while True:
        if is_working_day(day):
            left -= 1
            if left <= 0:
                return day
        day += datetime.timedelta(days=1)
