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

.PHONY: catalogue run test sysdeps sysdeps-test install messages migrate demo serve lint

define apt_install_missing
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

sysdeps:
	$(call apt_install_missing,$(SYS_PACKAGES))

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

serve:
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

run: sysdeps demo serve

test: sysdeps-test install messages
	TESTING=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

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
