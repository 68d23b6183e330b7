from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def home(request):
    """One page per role that says where to go next."""
    return render(request, "members/home.html", selectors.home_context(request.scope))
