"""After sign-up the platform's page signs the new owner in on their company's host with a one-time,
short-lived ticket: it works once, for that company only, and not after it expires."""
from __future__ import annotations

import re

import pytest
from django.core import signing

from shared_apps.accounts.models import LoginEvent, LoginMethod
from shared_apps.accounts.services import sign_in_ticket_for
from tests.support import PASSWORD


@pytest.fixture
def signed_up(db, client):
    """A company signed up through the landing page, by this browser (client)."""
    client.defaults["HTTP_HOST"] = "localhost"
    response = client.post("/", {
        "name": "Ticket Homes", "slug": "ticket-homes", "vertical": "housekeeping", "language": "en",
        "owner_name": "Tao Owner", "phone": "+8613100000555", "email": "", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/welcome/"
    from tenants.models import Company

    return Company.objects.get(slug="ticket-homes")


def ticket_on_welcome_page(client) -> str:
    html = client.get("/welcome/", HTTP_HOST="localhost").content.decode()
    assert 'action="http://ticket-homes.localhost' in html and '/office/login/ticket/"' in html
    return re.search(r'name="ticket" value="([^"]+)"', html).group(1)


def test_go_to_your_office_signs_the_owner_in_once(signed_up, client):
    from django.test import Client

    ticket = ticket_on_welcome_page(client)
    office = Client(HTTP_HOST="ticket-homes.localhost")  # another host: no session from the platform

    response = office.post("/office/login/ticket/", {"ticket": ticket})
    assert response.status_code == 302 and response["Location"] == "/office/"
    home = office.get("/office/").content.decode()
    assert "Welcome to the office of Ticket Homes" in home
    assert LoginEvent.objects.filter(method=LoginMethod.TICKET, succeeded=True).count() == 1

    # the same ticket a second time, in another browser: refused, sent to the sign-in page
    again = Client(HTTP_HOST="ticket-homes.localhost")
    response = again.post("/office/login/ticket/", {"ticket": ticket}, follow=True)
    assert response.redirect_chain[0] == ("/office/login/", 302)
    assert "This sign-in link is not valid. Please sign in." in response.content.decode()
    assert again.get("/office/").status_code == 302


def test_a_ticket_works_only_on_its_own_companys_host(signed_up, client, people):
    from django.test import Client

    ticket = ticket_on_welcome_page(client)
    alpha = Client(HTTP_HOST="alpha.localhost")
    response = alpha.post("/office/login/ticket/", {"ticket": ticket})
    assert response["Location"] == "/office/login/"
    assert alpha.get("/office/").status_code == 302


def test_expired_and_forged_tickets_are_refused(signed_up, people, monkeypatch):
    from django.test import Client

    office = Client(HTTP_HOST="ticket-homes.localhost")
    forged = signing.dumps({"user": people.owner_a.pk, "company": signed_up.pk, "nonce": "x"}, salt="other")
    assert office.post("/office/login/ticket/", {"ticket": forged})["Location"] == "/office/login/"

    monkeypatch.setattr("shared_apps.accounts.services.SIGN_IN_TICKET_SECONDS", -1)
    from shared_apps.accounts.models import User

    ticket = sign_in_ticket_for(user=User.objects.get(phone="+8613100000555"), company_id=signed_up.pk)
    response = office.post("/office/login/ticket/", {"ticket": ticket}, follow=True)
    assert "This sign-in link has expired. Please sign in." in response.content.decode()
