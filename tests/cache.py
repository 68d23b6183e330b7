"""The test run's view of the cache, the same on the local-memory cache and on Redis.

Settings give every test run a key prefix of its own (config/settings.py, TESTING), so
emptying the cache here never touches another run's keys or anything else in that Redis
database, as `cache.clear()` (FLUSHDB) would.
"""

import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache


def _cache():
    # The backend itself: `django.core.cache.cache` is a proxy, which isinstance() cannot see through.
    return caches["default"]


def _redis():
    backend = _cache()
    return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None


def _pattern():
    return f"{_cache().key_prefix}:*"


def _ours(full_key):
    return full_key.startswith(f"{_cache().key_prefix}:")


def clear():
    """Forget every key this run wrote."""
    client = _redis()
    if client is None:
        # Local memory: caches with the same LOCATION share one store, whatever their prefix.
        backend = _cache()
        with backend._lock:
            for full_key in [k for k in backend._cache if _ours(k)]:
                backend._delete(full_key)
        return
    keys = list(client.scan_iter(match=_pattern(), count=1000))
    if keys:
        client.delete(*keys)


def keys():
    """The keys stored, as the code wrote them (without prefix and version)."""
    client = _redis()
    stored = (
        [k for k in _cache()._cache if _ours(k)]
        if client is None
        else (k.decode() for k in client.scan_iter(match=_pattern(), count=1000))
    )
    return [k.split(":", 2)[2] for k in stored]


def ttl(key):
    """Seconds until `key` expires (None: it does not expire or is not there)."""
    client = _redis()
    full = _cache().make_and_validate_key(key)
    if client is None:
        expires = _cache()._expire_info.get(full)
        return None if expires is None else expires - time.time()
    seconds = client.ttl(full)
    return None if seconds < 0 else seconds
