"""The audit log: one row per state change, written by the service that made it."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actions import describe, label


class Entry(models.Model):
    """Who did what, when, to which object, in which organisation. Written inside the
    service's transaction (audit.log), so the change and its entry commit together; never
    edited or deleted afterwards (the admin is read-only, and no code path updates a row)."""

    at = models.DateTimeField(_("at"), default=timezone.now)
    # Empty for the system (cron closing due notices) and for the public (an objection).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    # No index of its own: audit_entry_object_at below starts with it.
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object kind"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    # The object as it was called at the time: it may be renamed or gone later.
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    # The branch the change happened in, or the township / county for its catalogue and
    # policies; empty for presets (the superuser's).
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A copy of the organisation's path: a subtree's entries are one prefix match without a
    # join, and they stay in their subtree if the organisation is deleted.
    organisation_path = models.CharField(_("organisation path"), max_length=255, blank=True)
    # A few structured facts (counts, statuses, ids); never a full ID number (audit.log masks any).
    payload = models.JSONField(_("details"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            # A branch's or a subtree's page: WHERE organisation_path LIKE '/C/T/B/%' ORDER BY at DESC.
            models.Index(
                fields=["organisation_path", "-at"], name="audit_entry_path_at", opclasses=["varchar_pattern_ops", ""]
            ),
            # An object's page: WHERE content_type_id = … AND object_id = … ORDER BY at DESC.
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_entry_object_at"),
            # The superuser's whole list and the date-range filter: ORDER BY at DESC, WHERE at BETWEEN.
            models.Index(fields=["-at"], name="audit_entry_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action_label} {self.object_label}"

    @property
    def action_label(self):
        return label(self.action)

    @property
    def object_kind(self):
        """ "app.model" of the object, as the object page's URL takes it."""
        return f"{self.content_type.app_label}.{self.content_type.model}" if self.content_type_id else ""

    @property
    def details(self):
        return describe(self.payload)

    @property
    def actor_label(self):
        if self.actor is None:
            return ""
        return self.actor.get_full_name() or self.actor.get_username()
