# Two entry points for a fresh Debian 12 machine: `make run` and `make test`.
# System packages are installed when missing (with sudo when not root).

VENV    := .venv
PY      := $(VENV)/bin/python
PYTHON  ?= python3.11
PORT    ?= 8000
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# pango + harfbuzz-subset: WeasyPrint; fonts-noto-cjk: Chinese in PDFs; poppler-utils:
# pdftotext/pdffonts/pdftoppm; gettext: compiling the translations.
SYS_PACKAGES      := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils gettext
TEST_SYS_PACKAGES := chromium
# pg_dump/pg_restore for backups of a PostgreSQL database (and the backup tests on it).
# Checked by command, not package name: postgresql-client-15 alone provides them too.
PG_CLIENT_PACKAGE := postgresql-client

.PHONY: catalogue run test sysdeps sysdeps-test install messages migrate demo serve lint \
	check-migrations smoke backup restore

define apt_install_missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

sysdeps:
	$(call apt_install_missing,$(SYS_PACKAGES))
	@command -v pg_dump >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(PG_CLIENT_PACKAGE); }

sysdeps-test: sysdeps
	$(call apt_install_missing,$(TEST_SYS_PACKAGES))

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q '.[test]'
	touch $@

install: $(VENV)/.installed

messages: install
	$(PY) manage.py compilemessages -v 0 --ignore=.venv

migrate: install messages
	$(PY) manage.py migrate --no-input -v 0

demo: migrate
	$(PY) manage.py load_demo

# The development server and, beside it, the worker that runs background jobs (big print
# runs); the worker stops when the server does (Ctrl-C, or the server exiting).
serve:
	@$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

run: sysdeps demo serve

test: sysdeps-test install messages
	TESTING=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Fails when a model change has no migration.
check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

# Production start-up on a fresh SQLite database: DEBUG=false, collectstatic, check --deploy,
# gunicorn serving the login page and a static file (see .ci/smoke).
smoke: install messages
	PY=$(PY) .ci/smoke

# Back up the database and the media folder into BACKUP_DIR (default: backups/), keeping the
# newest BACKUP_KEEP (30) of each; e.g. daily from cron. `make restore` puts the newest back
# (stop the site first; on PostgreSQL the database must exist, it may be empty).
backup:
	@mkdir -p "$${MEDIA_ROOT:-media}"
	$(PY) manage.py dbbackup --clean
	$(PY) manage.py mediabackup --clean

restore:
	$(PY) manage.py dbrestore --noinput
	$(PY) manage.py mediarestore --noinput --replace

# Refresh one translation catalogue after adding strings: `make catalogue APP=posts`
# (APP=. for the project's own templates/ and config/). Then fill in the msgstr lines.
APP ?= .
catalogue: install
ifeq ($(APP),.)
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete -i .venv -i members -i posts -i assessments -i tests -i benchmarks -i staticfiles
else
	# Without its own locale/ folder makemessages would write into the project catalogue.
	mkdir -p $(APP)/locale && cd $(APP) && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete
endif
