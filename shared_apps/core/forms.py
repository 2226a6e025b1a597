"""Page forms: a service's DomainError shown on the form, field by field, never as a 500."""
from __future__ import annotations

from django import forms

from .errors import DomainError


def show_domain_error(form: forms.Form, error: DomainError, field_map: dict[str, str] | None = None) -> None:
    """Put the error's messages on the form's fields.

    A service names fields by its own keys ("owner.phone"); `field_map` turns them into form
    field names ("phone"), else the key's last part is tried. Messages for no field of the form,
    and errors without field messages (rate limits, bans), become form-wide messages.
    """
    field_map = field_map or {}
    for key, messages in error.fields.items():
        name = field_map.get(key, key)
        if name not in form.fields:
            name = key.rsplit(".", 1)[-1]
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, str(message))
    if not error.fields:
        form.add_error(None, error.message)
