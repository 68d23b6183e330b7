"""Requests as every role of the `world` fixture, for the scope tests of the catalogue,
claim, review and overview pages."""

ROLES = [
    "member_user",
    "group_leader",
    "secretary",
    "committee",
    "township",
    "county_official",
    "outsider",
    "superuser",
    None,
]

NOT_FOUND = {role or "anonymous": 404 for role in ROLES} | {"anonymous": 302}


def by_role(client, world, url, method="get", data=None):
    """The status code each role gets for one request (None: anonymous, sent to log in)."""
    codes = {}
    for role in ROLES:
        client.logout()
        if role:
            client.force_login(getattr(world, role))
        response = client.get(url) if method == "get" else client.post(url, data or {})
        codes[role or "anonymous"] = response.status_code
    return codes


def only(status, *roles):
    """`status` for the roles named, 404 for every other signed-in role, a login redirect for anonymous."""
    return NOT_FOUND | {role: status for role in roles}


MEMBER = ("member_user",)
MANAGERS = ("secretary", "committee", "superuser")
SUPERVISORS = MANAGERS + ("township", "county_official")
