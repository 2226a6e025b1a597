"""The test world: two companies of different verticals and the people around them, built with
the product's own services, once per session."""
from __future__ import annotations

from dataclasses import dataclass

from django_tenants.utils import schema_context

PASSWORD = "correct-horse-battery"


@dataclass
class People:
    company_a: object
    company_b: object
    owner_a: object
    dispatcher_a: object
    worker_a: object
    owner_b: object
    worker_b: object
    shared_worker: object  # works for both companies
    customer_a: object
    customer_b: object
    operator: object

    PHONES = {
        "owner_a": "+8613800138001",
        "dispatcher_a": "+8613800138002",
        "worker_a": "+8613800138003",
        "owner_b": "+8613900139001",
        "worker_b": "+8613900139003",
        "shared_worker": "+8613700137001",
        "customer_a": "+8618600186001",
        "customer_b": "+8618600186002",
        "operator": "+8615000150001",
    }

    @classmethod
    def load(cls) -> People:
        from shared_apps.accounts.models import User
        from tenants.models import Company

        users = {u.phone: u for u in User.objects.filter(phone__in=cls.PHONES.values())}
        return cls(
            company_a=Company.objects.get(slug="alpha"),
            company_b=Company.objects.get(slug="bravo"),
            **{name: users[phone] for name, phone in cls.PHONES.items()},
        )


def build_world() -> None:
    from shared_apps.accounts.models import ConsoleRole, User
    from tenant_apps.people.models import StaffRole
    from tenant_apps.people.services import ensure_customer, invite_staff_member
    from tenants.services import OwnerInput, sign_up_company

    phones = People.PHONES
    a = sign_up_company(
        name="Alpha Cleaning", slug="alpha", vertical="housekeeping",
        owner=OwnerInput(phone=phones["owner_a"], email="owner@alpha.example", password=PASSWORD, name="Ann Owner"),
    ).company
    b = sign_up_company(
        name="Bravo Repairs", slug="bravo", vertical="repairs",
        owner=OwnerInput(phone=phones["owner_b"], email="owner@bravo.example", password=PASSWORD, name="Bob Owner"),
    ).company
    owner_a = User.objects.get(phone=phones["owner_a"])
    owner_b = User.objects.get(phone=phones["owner_b"])
    with schema_context(a.schema_name):
        invite_staff_member(actor=owner_a, company=a, phone=phones["dispatcher_a"], role=StaffRole.DISPATCHER,
                            display_name="Dina Dispatcher")
        invite_staff_member(actor=owner_a, company=a, phone=phones["worker_a"], role=StaffRole.WORKER,
                            display_name="Wang Worker")
        invite_staff_member(actor=owner_a, company=a, phone=phones["shared_worker"], role=StaffRole.WORKER,
                            display_name="Sam Shared")
    with schema_context(b.schema_name):
        invite_staff_member(actor=owner_b, company=b, phone=phones["worker_b"], role=StaffRole.WORKER,
                            display_name="Wu Worker")
        invite_staff_member(actor=owner_b, company=b, phone=phones["shared_worker"], role=StaffRole.WORKER,
                            display_name="Sam Shared")
    for name in ("customer_a", "customer_b"):
        User.objects.create_user(phone=phones[name], password=PASSWORD, name=name.replace("_", " ").title())
    with schema_context(a.schema_name):
        ensure_customer(company=a, user=User.objects.get(phone=phones["customer_a"]))
    with schema_context(b.schema_name):
        ensure_customer(company=b, user=User.objects.get(phone=phones["customer_b"]))
    User.objects.create_user(phone=phones["operator"], email="ops@doorstep.example", password=PASSWORD,
                             name="Olga Operator", console_role=ConsoleRole.SUPERADMIN)
    for user in User.objects.all():  # invited people sign in with SMS codes; give them passwords too
        if not user.has_usable_password():
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
