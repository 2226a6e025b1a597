"""Skills by name: the codes services require and workers have (`cleaning`), shown as words in the
visitor's language and chosen from a list, never typed as codes."""
from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from .models import Service

# The starter catalogs' skills; a company's own codes (from the API) show as their words.
SKILL_NAMES = {
    "cleaning": _("Cleaning"),
    "appliance_cleaning": _("Appliance cleaning"),
    "childcare": _("Childcare"),
    "maternity_care": _("Maternity care"),
    "plumbing": _("Plumbing"),
    "electrical": _("Electrical work"),
    "appliance_repair": _("Appliance repair"),
    "drain_clearing": _("Drain clearing"),
    "moving": _("Moving"),
    "premium_moving": _("Premium moving"),
    "recycling": _("Recycling"),
}


def skill_name(code: str) -> str:
    """"Appliance cleaning" for `appliance_cleaning`; an unknown code as its words."""
    known = SKILL_NAMES.get(code)
    if known is not None:
        return str(known)
    words = code.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def skill_names(codes: Iterable[str]) -> list[str]:
    return [skill_name(c) for c in codes]


def company_skills() -> list[str]:
    """The skills this company's services ask for, in a stable order (the starter's first)."""
    used: set[str] = set()
    for skills in Service.objects.values_list("required_skills", flat=True):
        used.update(skills or [])
    order = list(SKILL_NAMES)
    return sorted(used, key=lambda c: (order.index(c) if c in order else len(order), c))


def skill_choices(*, extra: Iterable[str] = (), with_standard: bool = False) -> list[tuple[str, str]]:
    """(code, name) for a checkbox list: the company's skills, plus `extra` (a worker's or service's
    current ones, so nothing they have disappears) and, for the service editor, every standard one."""
    codes = company_skills()
    for code in [*(SKILL_NAMES if with_standard else ()), *extra]:
        if code not in codes:
            codes.append(code)
    return [(c, skill_name(c)) for c in codes]
