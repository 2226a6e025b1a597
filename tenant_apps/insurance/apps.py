from django.apps import AppConfig


class InsuranceConfig(AppConfig):
    """Visit insurance (X6): a policy per visit, bound when the worker accepts and ended when the visit
    is done, its premium in the ledger; claims filed from damage cases with their evidence, their
    status from the insurer (shared_apps.insurers). Company schema."""

    name = "tenant_apps.insurance"
    label = "insurance"
