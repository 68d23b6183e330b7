"""The post pages, one module per stage: catalogue (设岗 and claim rounds), claims (认岗, 议岗,
定岗), overview; notices, lifecycle and public for what follows approval.

Every page declares the capability it needs (members.access.requires) and finds its rows
through posts/access.py; whatever lies outside the user's reach is a 404. The helpers below
are what the pages share besides.
"""

from django.contrib import messages

from ..services import PostError


def page_query(request):
    """The list's filters (e.g. ?show=all, ?branch=…&todo=…) for its page links, without the page."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def attempt(request, change, success):
    """Run a service call; tell the user it worked, or why it was refused. Returns the result
    or None when refused."""
    try:
        result = change()
    except PostError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success)
    return result
