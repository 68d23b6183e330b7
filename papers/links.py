"""Where the short links and QR codes on notices point.

PUBLIC_BASE_URL, when set, wins: the address the public reaches the site at, whatever
address an officer happens to use. When it is empty, links follow the address the page was
opened at (scheme, host and port of the request), so `PORT=8080 make run` prints QR codes
that work. Behind a proxy that means the proxy must pass the Host header on and say
https (X-Forwarded-Proto, see SECURE_PROXY_SSL_HEADER).

Background print jobs have no request: the base URL is taken from the request that starts
the job, when its pages are laid out (papers/views.py).
"""

from django.conf import settings

# Only where there is neither a setting nor a request (tests, the shell): the development server.
DEVELOPMENT_BASE_URL = "http://127.0.0.1:8000"


def base_url(request=None):
    """scheme://host[:port] without a trailing slash."""
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL.rstrip("/")
    if request is not None:
        # get_host() only returns a host ALLOWED_HOSTS accepts: a forged Host header gets a 400.
        return f"{request.scheme}://{request.get_host()}"
    return DEVELOPMENT_BASE_URL
