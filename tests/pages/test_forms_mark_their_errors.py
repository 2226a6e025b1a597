"""Every office and storefront form, posted with only the fields its page shows, either succeeds or
shows each of its errors on the page: no error on a field the page does not show, none unsaid.

The pages are found by following links from the office and the storefront home; each POST form on
them is submitted with the values the page itself fills in (as a person pressing its button would).
"""
from __future__ import annotations

import html
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django import forms as django_forms
from django.test import Client

# Forms whose submission ends the session or removes what later pages need.
SKIPPED_ACTIONS = ("logout", "delete", "/i18n/", "remove")
MAX_PAGES = 80


class PageForms(HTMLParser):
    """Links and POST forms (action, {name: value}) of a page, with what a browser would submit."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.file_fields: set[str] = set()
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._form = {"action": a.get("action") or "", "fields": {}}
        elif self._form is None:
            return
        elif tag == "input":
            name, kind = a.get("name"), (a.get("type") or "text").lower()
            if name and kind == "file":
                self.file_fields.add(name)  # shown (a person can pick a file), never submitted here
            if not name or kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form["fields"].setdefault(name, [])
                return
            self._form["fields"].setdefault(name, []).append(a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a.get("name"), None, False
            self._form["fields"].setdefault(self._select, [])
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._form["fields"][self._select].append(value)
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._form["fields"].setdefault(self._textarea, [""])

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] = [self._form["fields"][self._textarea][0] + data]

    def handle_endtag(self, tag):
        if tag == "select" and self._form is not None and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._form["fields"][self._select].append(self._select_first)
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self.forms.append((self._form["action"], self._form["fields"]))
            self._form = None


def _parse(response) -> PageForms:
    parser = PageForms()
    parser.feed(response.content.decode())
    return parser


def _crawl(client: Client, start: str, prefix: str) -> dict[str, PageForms]:
    pages: dict[str, PageForms] = {}
    queue = [start]
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in pages:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages[path] = parsed = _parse(response)
        for href in parsed.links:
            parts = urlsplit(urljoin(path, href))
            if parts.netloc or not parts.path.startswith(prefix) or any(s in parts.path for s in SKIPPED_ACTIONS):
                continue
            if parts.path not in pages and parts.path not in queue:
                queue.append(parts.path)
    return pages


def _unmarked_errors(response) -> list[str]:
    """Errors of the forms the view rendered that the page does not show where a person can act."""
    body = html.unescape(response.content.decode())
    shown_names = set(_shown_field_names(response))
    problems = []
    for form in _rendered_forms(response):
        for name, messages in form.errors.items():
            for message in messages:
                if message not in body:
                    problems.append(f"{type(form).__name__}.{name}: {message!r} is not on the page")
                elif name != "__all__" and form.add_prefix(name) not in shown_names:
                    problems.append(f"{type(form).__name__}.{name}: the page has no such field to correct")
    return problems


def _shown_field_names(response):
    parser = _parse(response)
    for _action, fields in parser.forms:
        yield from fields
    yield from parser.file_fields


def _rendered_forms(response):
    seen = set()
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, django_forms.BaseForm) and value.is_bound and id(value) not in seen:
                seen.add(id(value))
                yield value


def _submit_all(client: Client, pages: dict[str, PageForms]) -> tuple[int, list[str]]:
    problems, posted, done = [], 0, set()
    for path, parsed in pages.items():
        for action, fields in parsed.forms:
            target = urlsplit(urljoin(path, action or path)).path
            if target in done or any(s in target for s in SKIPPED_ACTIONS):
                continue
            done.add(target)
            response = client.post(target, {k: v for k, v in fields.items() if v})
            posted += 1
            if response.status_code >= 500:
                problems.append(f"{target}: {response.status_code}")
            elif response.status_code < 300 or response.status_code >= 400:
                problems.extend(f"{target} ({path}): {p}" for p in _unmarked_errors(response))
    return posted, problems


def _booked_world(people):
    """An order of customer A (pending payment, paid and assigned) so the order pages and their forms exist."""
    from django.db import connection

    from shared_apps.core.actor import SYSTEM
    from tenant_apps.orders.services import booking
    from tests.orders.conftest import World

    world = World(people)
    world.book(hour=10)
    booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=14))
    connection.set_schema_to_public()
    return world


def test_every_office_form_marks_the_field_at_fault(people):
    _booked_world(people)
    client = Client(HTTP_HOST="alpha.localhost")
    client.force_login(people.owner_a)

    pages = _crawl(client, "/office/", "/office/")
    posted, problems = _submit_all(client, pages)

    assert len(pages) > 10 and posted > 10, (list(pages), posted)
    assert problems == [], "\n".join(problems)


def test_every_storefront_form_marks_the_field_at_fault(people):
    _booked_world(people)
    visitor = Client(HTTP_HOST="alpha.localhost")
    customer = Client(HTTP_HOST="alpha.localhost")
    customer.force_login(people.customer_a)

    visitor_posted, visitor_problems = _submit_all(visitor, _crawl(visitor, "/login/", "/login/"))
    pages = _crawl(customer, "/", "/")
    posted, problems = _submit_all(customer, pages)

    assert visitor_posted >= 1 and posted >= 3, (list(pages), posted)
    assert visitor_problems + problems == [], "\n".join(visitor_problems + problems)
