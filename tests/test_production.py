"""Production start-up: static files collect with DEBUG=false, the places files go come
from the environment, and commands print only what they have to say.

CI runs the whole start-up (gunicorn serving pages) in `.ci/smoke`; these are its quick
parts, run with the suite.
"""

import secrets

from django.core.cache import caches
from django.utils.module_loading import import_string

from tests import cache as cached
from tests.test_settings import run_manage


def production(**env):
    return {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1", **env}


def test_collectstatic_with_production_storage_names_no_missing_file(tmp_path):
    # The manifest storage rewrites every url() and sourceMappingURL in CSS and JS, and fails
    # on a file that is not there (vendored Bootstrap named .map files we do not ship).
    result = run_manage("collectstatic", "--no-input", "-v", "0", **production(STATIC_ROOT=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/bootstrap/bootstrap.min.css" in manifest
    assert (tmp_path / "css" / "site.css").is_file()


def test_static_and_media_roots_come_from_the_environment(tmp_path):
    code = "from django.conf import settings; print(settings.STATIC_ROOT); print(settings.MEDIA_ROOT)"
    result = run_manage(
        "shell", "--no-imports", "-c", code, STATIC_ROOT=str(tmp_path / "s"), MEDIA_ROOT=str(tmp_path / "m")
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "s"), str(tmp_path / "m")]


def test_commands_print_no_library_chatter():
    result = run_manage("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_emptying_the_cache_between_tests_leaves_other_users_of_the_same_cache_alone(settings):
    # Another site (or another test run) on the same Redis database uses another key prefix.
    params = settings.CACHES["default"]
    backend = import_string(params["BACKEND"])
    other = backend(params.get("LOCATION", ""), {**params, "KEY_PREFIX": "someone-else"})
    ours = caches["default"]
    try:
        other.set("job", "theirs")
        ours.set("job", "ours")
        assert cached.keys() == ["job"]
        cached.clear()
        assert ours.get("job") is None
        assert other.get("job") == "theirs"
    finally:
        other.delete("job")


def test_a_test_run_has_a_cache_key_prefix_of_its_own(settings):
    assert settings.CACHE_KEY_PREFIX.startswith("test-")
    assert caches["default"].key_prefix == settings.CACHE_KEY_PREFIX
