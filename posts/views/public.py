"""The public notice behind the printed short link and QR code: no login, phone first.

Shows names, posts, duties and pledges; never ID numbers, and a phone number only
when the member agreed to it (Member.show_phone_publicly, checked in the template).
"""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from papers.links import base_url
from papers.qr import qr_svg

from .. import selectors
from ..forms import ObjectionForm
from ..models import Notice
from ..services import PostError
from ..services import notices as service

# Enough for a family to send a few remarks; too few for a flood of spam.
OBJECTIONS_PER_WINDOW = 5
WINDOW_MINUTES = 10


def sender_address(request):
    """The address a request came from, seen through settings.TRUSTED_PROXY_COUNT proxies."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _over_limit(request, notice):
    """Count this submission against the sender's allowance; True once it is used up.

    The cache key is a keyed hash of the address and the notice, so the cache never
    holds a raw IP address.
    """
    address = sender_address(request)
    key = "objection-rate:" + salted_hmac("posts.objection-rate", f"{notice.pk}|{address}").hexdigest()
    cache.add(key, 0, timeout=WINDOW_MINUTES * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_MINUTES * 60)
        count = 1
    return count > OBJECTIONS_PER_WINDOW


def public_notice(request, token):
    notice = get_object_or_404(Notice.objects.select_related("branch"), token=token)
    closed_because = service.period_problem(notice, timezone.localdate())
    form = None if closed_because else ObjectionForm(request.POST or None, notice=notice)
    if request.method == "POST" and form is not None and form.is_valid():
        if _over_limit(request, notice):
            form.add_error(
                None,
                _(
                    "Too many messages from your network: at most %(n)d every %(minutes)d "
                    "minutes. Please try again later."
                )
                % {"n": OBJECTIONS_PER_WINDOW, "minutes": WINDOW_MINUTES},
            )
        else:
            try:
                service.lodge_objection(notice=notice, **form.cleaned_data)
            except PostError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Thank you. The branch has received your message and will look into it."))
                return redirect("public_notice", token=notice.token)
    return render(
        request,
        "posts/public/notice.html",
        {
            "notice": notice,
            "entries": selectors.notice_entries(notice, public=True),
            "form": form,
            "closed_because": closed_because,
            "qr": qr_svg(notice.public_url(base_url(request)), scale=3),
        },
    )
