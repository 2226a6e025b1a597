"""Demo data for development: two companies of different verticals, their people, an operator.

Built with the product's services, idempotently (running it again changes nothing).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django_tenants.utils import schema_context

DEMO_PASSWORD = "doorstep-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    who: str
    where: str
    login: str
    password: str = DEMO_PASSWORD


COMPANIES = [
    {"slug": "sparkle", "name": "Sparkle Home Cleaning", "vertical": "housekeeping", "language": "en",
     "owner": ("+8613800138000", "owner@sparkle.example", "Lily Chen"), "colors": ("#1a7f64", "#f2a900")},
    {"slug": "fixit", "name": "FixIt Repairs 修好了", "vertical": "repairs", "language": "zh-hans",
     "owner": ("+8613900139000", "owner@fixit.example", "Zhang Wei"), "colors": ("#1d4ed8", "#f97316")},
]
WORKERS = {
    "sparkle": [("+8613700137001", "Wang Fang"), ("+8613700137002", "Li Na")],
    "fixit": [("+8613700137003", "Liu Yang"), ("+8613700137004", "Zhao Lei")],
}
SHARED_WORKER = ("+8613700137000", "Chen Jie")  # works for both companies
CUSTOMERS = {"sparkle": [("+8618600186001", "Amy Customer")], "fixit": [("+8618600186002", "Hu Ming")]}
OPERATOR = ("+8615000150000", "ops@doorstep.example", "Platform Operator")


def seed() -> list[DemoLogin]:
    from django.conf import settings

    from shared_apps.accounts.models import ConsoleRole, User
    from tenant_apps.people.models import StaffMember, StaffRole
    from tenant_apps.people.services import ensure_customer, invite_staff_member
    from tenants.models import Company, site_url
    from tenants.services import OwnerInput, sign_up_company, update_branding

    platform = site_url(settings.PLATFORM_DOMAIN)
    logins: list[DemoLogin] = []
    with transaction.atomic():
        operator = User.objects.filter(Q(phone=OPERATOR[0]) | Q(email=OPERATOR[1])).first() or User.objects.create_user(
            phone=OPERATOR[0], email=OPERATOR[1], password=DEMO_PASSWORD, name=OPERATOR[2],
            console_role=ConsoleRole.SUPERADMIN,
        )
    logins.append(DemoLogin("platform operator", f"{platform}/console/", operator.email))

    for spec in COMPANIES:
        phone, email, name = spec["owner"]
        company = Company.objects.filter(slug=spec["slug"]).first()
        if company is None:
            company = sign_up_company(
                name=spec["name"], slug=spec["slug"], vertical=spec["vertical"], language=spec["language"],
                owner=OwnerInput(phone=phone, email=email, password=DEMO_PASSWORD, name=name),
            ).company
            owner = User.objects.get(phone=phone)
            company = update_branding(actor=owner, company=company, primary_color=spec["colors"][0],
                                      accent_color=spec["colors"][1])
        owner = User.objects.get(phone=phone)
        site = company.site_url
        logins.append(DemoLogin(f"owner of {company.name}", f"{site}/office/", email))
        with schema_context(company.schema_name):
            for worker_phone, worker_name in [*WORKERS[spec["slug"]], SHARED_WORKER]:
                if not StaffMember.objects.filter(user__phone=worker_phone).exists():
                    invite_staff_member(actor=owner, company=company, phone=worker_phone, role=StaffRole.WORKER,
                                        display_name=worker_name)
                logins.append(DemoLogin(f"worker at {company.name}", f"{platform}/worker/", worker_phone))
            _make_bookable(owner, company)
            for customer_phone, customer_name in CUSTOMERS[spec["slug"]]:
                user = User.objects.filter(phone=customer_phone).first() or User.objects.create_user(
                    phone=customer_phone, password=DEMO_PASSWORD, name=customer_name)
                ensure_customer(company=company, user=user)
                logins.append(DemoLogin(f"customer of {company.name}", f"{site}/login/", customer_phone))

    for user in User.objects.filter(phone__in=[p for ws in WORKERS.values() for p, _ in ws] + [SHARED_WORKER[0]]):
        if not user.has_usable_password():  # invited workers would sign in by SMS; demo ones get a password
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    unique = {(entry.who, entry.login): entry for entry in logins}
    return list(unique.values())


def _make_bookable(owner, company) -> None:
    """Give the demo workers every skill the catalog asks for and a working week (Mon-Sat 8-18), so
    the storefront calendar offers real times. Only for workers without hours yet."""
    from datetime import time

    from tenant_apps.catalog.models import Service
    from tenant_apps.people.models import StaffMember, StaffRole
    from tenant_apps.workforce.models import ShiftTemplate
    from tenant_apps.workforce.services import ensure_worker_profile, set_week_template, update_worker_profile

    skills = sorted({skill for skills in Service.objects.values_list("required_skills", flat=True) for skill in skills})
    week = [(weekday, time(8), time(18)) for weekday in range(1, 7)]
    for member in StaffMember.objects.filter(role=StaffRole.WORKER, is_active=True):
        worker = ensure_worker_profile(actor=owner, member=member)
        if ShiftTemplate.objects.filter(worker=worker).exists():
            continue
        update_worker_profile(actor=owner, worker=worker, changes={"skills": skills})
        set_week_template(actor=owner, worker=worker, shifts=week)
