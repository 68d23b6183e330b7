"""Where an uploaded roster waits between the admin's preview and its confirmation."""

from import_export.tmp_storages import CacheStorage


class PendingUploadStorage(CacheStorage):
    """An uploaded roster holds people's ID numbers. import-export's default keeps it in a
    file in the system's temp folder, where an upload nobody confirms stays for good. Kept
    in the cache instead, it is never on disk here and expires on its own. Several server
    processes need a shared cache (REDIS_URL), as the rate limits do."""

    CACHE_LIFETIME = 2 * 3600
    CACHE_PREFIX = "roster-upload:"
