from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = _("Posts")

    def ready(self):
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        # The task queue's own admin pages (django-tasks-db) are in English and show raw
        # arguments and tracebacks. Officers follow their print jobs on the print pages; the
        # operator reads failures in the worker's log. (Admin modules are loaded before any
        # app's ready(), whatever the order of INSTALLED_APPS.)
        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
