"""Each app owns its tables and locks (issue 14.3): row locks are taken only through an app's
locks.py helpers (one documented order, docs/decisions.md), and no app but scheduling writes
scheduling's assignment rows (so the hold history and people's commitments see every change)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("tenants", "shared_apps", "tenant_apps")


def sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_row_locks_are_taken_only_in_locks_modules():
    inline = [str(p.relative_to(ROOT)) for p in sources()
              if p.name != "locks.py" and "select_for_update" in p.read_text()]

    assert inline == []


WRITES = re.compile(r"\.(update|delete|create|bulk_create|bulk_update|save|get_or_create|update_or_create)\(")


def test_only_scheduling_writes_assignment_rows():
    scheduling = ROOT / "tenant_apps" / "scheduling"
    offending = []
    for path in sources():
        if scheduling in path.parents:
            continue
        text = path.read_text()
        if re.search(r"\bAssignment\b", text) and "scheduling.models import" in text and WRITES.search(text):
            offending.append(str(path.relative_to(ROOT)))

    assert offending == []
