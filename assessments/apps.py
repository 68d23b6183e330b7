from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Service and assessment")

    def ready(self):
        # posts asks these through posts.extensions: assessments depends on posts, never the reverse.
        from posts import extensions

        from .selectors import grading as selectors

        extensions.register_deferral(selectors.deferred_by_review)
        extensions.register_pledge_reader(selectors.pledges_by_assignment)
