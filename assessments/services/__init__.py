"""Writes: each public function is one atomic, audited state change (audit.service)."""

from django.core.exceptions import ValidationError

from audit import not_a_service


@not_a_service("builds the error a refused service raises")
def refuse(message, code, field=None):
    """A refusal for the user, in their language; `field` names the form field it is about."""
    error = ValidationError(message, code=code)
    return ValidationError({field: [error]}) if field else error
