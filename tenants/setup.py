"""Company set-up steps: what the tenant apps put into a new company's schema at sign-up.

`tenants` never imports a tenant app (see .importlinter); the apps name their steps in the
COMPANY_SETUP_STEPS setting (dotted paths, run in that order). sign_up_company runs them inside the
new schema and inside its transaction, so a failing step leaves no company, schema or user behind.
A step is called as step(actor=<the owner>, company=<the new company>).
"""
from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string


def company_setup_steps() -> list[Callable]:
    return [import_string(path) for path in settings.COMPANY_SETUP_STEPS]


def run_company_setup(*, actor, company) -> None:
    """Run every set-up step for `company`; the caller holds the transaction and the schema."""
    for step in company_setup_steps():
        step(actor=actor, company=company)


@register(Tags.compatibility)
def check_company_setup_steps(app_configs=None, **kwargs) -> list[Error]:
    """A misspelt step fails at start-up (manage.py check), not at the first sign-up."""
    errors = []
    for path in settings.COMPANY_SETUP_STEPS:
        try:
            step = import_string(path)
        except ImportError as exc:
            errors.append(Error(f"COMPANY_SETUP_STEPS: cannot import {path!r} ({exc}).", id="tenants.E001"))
            continue
        if not callable(step):
            errors.append(Error(f"COMPANY_SETUP_STEPS: {path!r} is not callable.", id="tenants.E001"))
    return errors
