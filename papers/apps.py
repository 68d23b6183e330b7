from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = _("Printed papers")

    def ready(self):
        # Each app registers the papers it prints in its own papers.py (posts: notices, rosters,
        # letters, certificates; assessments: ledgers, pledge letters, boards, …), as the admin
        # finds admin.py. papers knows none of them by name.
        autodiscover_modules("papers")
