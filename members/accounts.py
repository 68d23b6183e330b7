"""Login accounts: the forced first password change, the lockout page, and who is locked out.

Throttling itself is django-axes (settings: AXES_*); this module is the product's side of it.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

SESSION_FLAG = "members.must_change_password"


@receiver(user_logged_in, dispatch_uid="members.accounts.remember_password_state")
def remember_password_state(sender, request, user, **kwargs):
    """Read the flag once per login and keep it in the session: pages pay no query for it. A
    password reset later changes the session hash, which logs the holder out, so the next
    login reads it again."""
    from .services import must_change_password

    if request is not None and hasattr(request, "session"):
        if must_change_password(user):
            request.session[SESSION_FLAG] = True
        else:
            request.session.pop(SESSION_FLAG, None)


class PasswordChangeRequiredMiddleware:
    """While an account still has its initial (or reset) password, every page but the password
    page, logging out and the language switch leads to the password page."""

    EXEMPT_URL_NAMES = ("password_change", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_FLAG) and request.user.is_authenticated:
            exempt = {reverse(name) for name in self.EXEMPT_URL_NAMES}
            if request.path not in exempt and not request.path.startswith(settings.STATIC_URL):
                messages.warning(request, _("Please choose your own password before you go on."))
                return redirect("password_change")
        return self.get_response(request)


def password_changed(request):
    from .services import password_changed as record

    record(user=request.user)
    request.session.pop(SESSION_FLAG, None)


def locked_out(request, original_response=None, credentials=None):
    """The page axes shows to a locked-out login (AXES_LOCKOUT_CALLABLE), in Chinese, with the time
    to try again. Each try during the lock starts the cool-off again, so it ends cool-off from now."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "until": timezone.localtime(timezone.now() + cool_off),
        "minutes": int(cool_off.total_seconds() // 60),
    }
    status = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    return render(request, "registration/locked_out.html", context, status=status)


def locked_usernames(usernames):
    """Which of these user names are locked out now (from any address); one query."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames), attempt_time__gte=since, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )
