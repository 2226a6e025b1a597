"""Services are plain functions with keyword-only arguments (STYLE: one form everywhere)."""
import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def service_modules() -> list[str]:
    """Every services.py (or services/ package module) of the project's apps."""
    found = []
    for package in ("tenants", "shared_apps", "tenant_apps"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "services" in relative.parts[-2:] and relative.name != "__init__":
                found.append(".".join(relative.parts))
    return found


SERVICE_MODULES = service_modules()

# Pure helpers that live beside the services and read one value: not actions, so positional is fine.
HELPERS = {
    "shared_apps.accounts.services.parse_phone",
    "shared_apps.accounts.services.find_user",
    "shared_apps.accounts.services.api_token_for",
    "tenants.services.check_slug",
    "tenants.services.schema_name_for",
}


def public_functions():
    for module_name in SERVICE_MODULES:
        module = importlib.import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module_name and not name.startswith("_"):
                yield f"{module_name}.{name}", function


SERVICES = [(name, function) for name, function in public_functions() if name not in HELPERS]


def test_the_service_modules_are_found():
    assert {"shared_apps.accounts.services", "tenants.services", "tenant_apps.people.services"} <= set(
        SERVICE_MODULES)


def test_the_helper_list_names_real_functions():
    names = {name for name, _function in public_functions()}

    assert HELPERS <= names


@pytest.mark.parametrize("name, function", SERVICES, ids=[name for name, _f in SERVICES])
def test_a_service_takes_keyword_only_arguments(name, function):
    parameters = inspect.signature(function).parameters.values()

    positional = [p.name for p in parameters if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    assert positional == [], f"{name} takes {positional} positionally"


# The foundation's services; apps added later join this list once their signatures are hinted.
HINTED_MODULES = ("shared_apps.accounts.services", "tenants.services", "tenant_apps.people.services",
                  "tenant_apps.ledger.services", "shared_apps.platform_ledger.services",
                  "tenant_apps.earnings.services.earning", "tenant_apps.earnings.services.withdrawals",
                  "tenant_apps.reviews.services")
HINTED = [(name, function) for name, function in SERVICES if name.rsplit(".", 1)[0] in HINTED_MODULES]


@pytest.mark.parametrize("name, function", HINTED, ids=[name for name, _f in HINTED])
def test_a_service_hints_every_argument(name, function):
    parameters = inspect.signature(function).parameters.values()

    unhinted = [p.name for p in parameters if p.annotation is inspect.Parameter.empty]
    assert unhinted == [], f"{name} has no type hint for {unhinted}"


@pytest.mark.parametrize("name, function", SERVICES, ids=[name for name, _f in SERVICES])
def test_a_service_that_changes_state_takes_its_actor(name, function):
    parameters = inspect.signature(function).parameters
    reads_or_signs_in = ("sign_in_", "request_login_code", "deliver_", "check_", "register_", "ensure_", "sign_up_")

    if not name.rsplit(".", 1)[1].startswith(reads_or_signs_in):
        assert "actor" in parameters, f"{name} does not say who acts"


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_services_raise_domain_errors_never_drf_exceptions(module_name):
    source = inspect.getsource(importlib.import_module(module_name))

    assert "rest_framework.exceptions" not in source
    assert "from rest_framework import" not in source
    assert "serializers." not in source


def _body_reads(function, name: str) -> bool:
    """Whether the function's body (not its signature) reads `name`."""
    import ast
    import textwrap

    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    definition = tree.body[0]
    return any(isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
               for statement in definition.body for node in ast.walk(statement))


WITH_ACTOR = [(name, function) for name, function in SERVICES if "actor" in inspect.signature(function).parameters]


@pytest.mark.parametrize("name, function", WITH_ACTOR, ids=[name for name, _f in WITH_ACTOR])
def test_a_service_uses_its_actor(name, function):
    """Taking `actor` and ignoring it records nobody: each service records, checks or passes it on.
    Reads that take an actor only to look like services are selectors instead (previews)."""
    assert _body_reads(function, "actor"), f"{name} takes an actor and never uses it"


def test_the_actor_check_sees_an_ignored_actor():
    def ignores(*, actor, order):
        return order

    def records(*, actor, order):
        return {"by": actor, "order": order}

    assert not _body_reads(ignores, "actor")
    assert _body_reads(records, "actor")


# Services whose changes must reach the change log (who, when, what, why) in their own transaction.
RECORDED = (
    "shared_apps.accounts.services.set_user_status",
    "tenants.services.set_company_status",
    "tenants.services.add_custom_domain",
    "tenants.services.update_branding",
    "tenant_apps.people.services.change_staff_member",
    "tenant_apps.people.services.add_staff_member",
    "tenant_apps.earnings.services.earning.update_earning_settings",
    "tenant_apps.earnings.services.earning.set_commission_rule",
    "tenant_apps.earnings.services.withdrawals.request_withdrawal",
    "tenant_apps.earnings.services.withdrawals.approve_withdrawal",
    "tenant_apps.earnings.services.withdrawals.reject_withdrawal",
    *[f"tenant_apps.reviews.services.{name}" for name in (
        "post_review", "edit_review", "reply_to_review", "report_review", "hide_review", "dismiss_reports",
        "rate_customer")],
)


@pytest.mark.parametrize("name", RECORDED)
def test_a_console_or_office_service_writes_a_change_record(name):
    module_name, function_name = name.rsplit(".", 1)
    function = getattr(importlib.import_module(module_name), function_name)

    assert _body_reads(function, "record_change"), f"{name} does not record the change"
    assert _body_reads(function, "transaction"), f"{name} does not own its transaction"
