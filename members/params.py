"""What pages read from the query string, read the same way by every app."""


def year_param(request, default, allowed=None):
    """The ?year= of a page: a year in 2000–2100 (or among `allowed`), else `default`. Every
    page reads its year through here, so "abc", "2026年" or "²" shows the default and
    full-width digits (２０２６) count."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is None or not (2000 <= year <= 2100) or (allowed is not None and year not in allowed):
        return default
    return year
