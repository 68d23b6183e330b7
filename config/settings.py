"""Settings, read from the environment with safe defaults for development.

Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; then
`manage.py check --deploy` is clean.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "csp",
    "members",
    "posts",
    "assessments",
    "papers",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "members.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "members.scope.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while an import writes; a busy timeout avoids
    # "database is locked" when two requests write at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes and where uploaded/generated files live: outside the checkout
# in production (e.g. /srv/shegang/static, /srv/shegang/media), so a redeploy keeps them.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Imports are validated and written by our own roster service; import-export only
# offers the admin screens, so its own transaction handling stays on as a fallback.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "members.roster.storage.PendingUploadStorage"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000
# Roster files of 40,000 rows run to a few MB; refuse anything absurd early.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ROSTER_MAX_UPLOAD_BYTES = int(os.environ.get("ROSTER_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))

# Public base URL printed on notices (short link and QR code). Empty: the address the site
# was opened at (scheme, host and port of the request), see papers.links.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip()

# -- cache (REDIS_URL) ---------------------------------------------------------------------
# Rate limits and roster uploads awaiting confirmation live here; with
# more than one server process it must be shared, hence Redis. Keys carry a prefix so one
# Redis database can serve several sites; a test run gets a prefix of its own so parallel
# runs never see each other's keys (tests/plugin.py empties only that prefix between tests).
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "shegang")
if os.environ.get("TESTING"):
    CACHE_KEY_PREFIX = f"test-{os.getpid()}-{os.urandom(4).hex()}"
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
    | {"KEY_PREFIX": CACHE_KEY_PREFIX}
}

# Behind reverse proxies every request seems to come from the nearest one. With N proxies
# in front, each appending the address it saw to X-Forwarded-For, the sender is the Nth
# address from the right; anything further left is whatever the sender wrote.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Content-Security-Policy: the browser runs and styles only what this site serves as files.
# No inline <script>, no on*= handlers, no style="" attributes: behaviour lives in
# static/js/*.js wired by data attributes, looks in static/css/site.css. The Django admin
# and import-export's pages keep working under it (tests/test_browser_csp_admin.py).
# img-src allows data: because Bootstrap draws its check marks, selects and menu icon as
# data: SVGs, and the printed notice shows its QR code as one (posts/qr.py).
# Inline PDFs go out without it (papers/views.py): Chrome's viewer is an <embed>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# -- Login: throttling (django-axes) and forced password changes -----------------------------
# Five wrong passwords for one user name from one address lock that pair out for 30 minutes;
# every further try during the lock starts the 30 minutes again, so the page can say when.
# An officer unlocks their members' accounts on the branch's logins page, a superuser in the
# admin. The sender's address is read through TRUSTED_PROXY_COUNT proxies, like the objection
# rate limit's. Only failures are stored: successful logins are not logged (less personal data).
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE += [
    # Accounts with a password somebody else set go to the password page first.
    "members.accounts.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes requires
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "posts.views.public.sender_address"
AXES_LOCKOUT_CALLABLE = "members.accounts.locked_out"
AXES_DISABLE_ACCESS_LOG = True
# axes announces its version and mode on every start: chatter in every manage.py command.
AXES_VERBOSE = False

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# -- background work (django-tasks) -------------------------------------------------------
# Print runs too big for one request are queued as tasks (papers/jobs.py). The queue
# lives in the database (django-tasks-db): one machine needs nothing more, and several web and
# worker processes on PostgreSQL share it. `manage.py db_worker` runs the tasks (`make run`
# starts one beside the server; production runs it as a service, see README). Tests run each
# task immediately, inside the request that enqueues it, so the suite needs no worker.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("TESTING")
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines never carry ID numbers: they are never in URLs (see members.views).
        "django.db.backends": {"level": "INFO"},
        # pikepdf announces at INFO, on import, that its C++ logger is bridged: every
        # manage.py command printed it. Its warnings and errors still come through.
        "pikepdf": {"level": "WARNING"},
    },
}

if os.environ.get("TESTING"):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# -- backup and restore (django-dbbackup) ------------------------------------------------
# `make backup` / `make restore` (manage.py dbbackup + mediabackup, dbrestore + mediarestore).
# PostgreSQL dumps need pg_dump/pg_restore (Debian: postgresql-client); SQLite uses its
# online backup API, safe while the site runs.
INSTALLED_APPS += ["dbbackup"]
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(BACKUP_DIR)},
}
# `dbbackup --clean` keeps this many of each kind.
DBBACKUP_CLEANUP_KEEP = int(os.environ.get("BACKUP_KEEP", "30"))
# Failures are reported by the exit status (cron mails it); the site sends no e-mail.
DBBACKUP_SEND_EMAIL = False
# dbbackup prints its progress through a handler of its own; without this each line came twice.
LOGGING["loggers"]["dbbackup"] = {"propagate": False}
