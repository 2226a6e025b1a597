"""Django's {# #} comment ends at the line's end: one left open is printed on the page as text (the
service page showed its developer note to customers). Longer notes use {% comment %}."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def templates() -> list[Path]:
    return [path for folder in ("frontend", "shared_apps", "tenant_apps", "tenants")
            for path in sorted((ROOT / folder).rglob("*.html"))]


def test_templates_are_found():
    assert any(path.name == "service.html" for path in templates())


def test_no_template_comment_runs_past_its_line():
    open_comments = [f"{path.relative_to(ROOT)}:{number}"
                     for path in templates()
                     for number, line in enumerate(path.read_text().splitlines(), 1)
                     if line.count("{#") > line.count("#}")]

    assert open_comments == []
