"""The platform's landing page and company sign-up form."""
import pytest

from tests.support import PASSWORD


@pytest.fixture
def sign_up(page_client):
    client = page_client()

    def post(**changes):
        data = {"name": "Shiny Homes", "slug": "shiny", "vertical": "housekeeping", "language": "en",
                "owner_name": "Sheng", "phone": "+8613912340000", "email": "sheng@shiny.example",
                "password": PASSWORD}
        data.update(changes)
        return client.post("/", data)

    post.client = client
    return post


def errors_of(response, field: str) -> str:
    """The text of one field's error list on the page."""
    html = response.content.decode()
    start = html.find(f'id="field-{field}"')
    assert start != -1, f"no field {field}"
    end = html.find('<div class="field"', start + 1)
    return html[start:end if end != -1 else None]


def test_landing_page_explains_and_offers_sign_up(page_client):
    response = page_client().get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your home-service company online, today" in html
    assert 'id="signup-form"' in html
    assert "<span>.localhost</span>" in html
    for vertical in ("housekeeping", "repairs", "moving", "recycling"):
        assert f'value="{vertical}"' in html


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"slug": "alpha"}, "slug", "This subdomain is taken. Choose another."),
    ({"slug": "admin"}, "slug", "This subdomain is reserved. Choose another."),
    ({"slug": "A_"}, "slug", "lowercase letters, digits and single hyphens"),
    ({"phone": "12345"}, "phone", "Enter a valid mobile number"),
    ({"password": "12345678"}, "password", "This password is too common."),
    ({"phone": "", "email": ""}, "phone", "Give a mobile number or an email."),
    ({"name": ""}, "name", "This field is required."),
    ({"email": "not-an-email"}, "email", "Enter a valid email address."),
])
def test_sign_up_shows_what_is_wrong_next_to_the_field(sign_up, changes, field, message):
    response = sign_up(**changes)
    assert response.status_code == 200
    assert message in errors_of(response, field)
    assert "Please correct the errors below." in response.content.decode()


def test_an_existing_account_must_give_its_own_password(sign_up, people):
    response = sign_up(phone=people.PHONES["worker_a"], email="", password="another-good-passphrase")
    assert "Already registered. Enter that account&#x27;s password, or log in first." in errors_of(response, "phone")


def test_sign_up_makes_the_site_and_tells_where_it_is(sign_up):
    response = sign_up()
    assert response.status_code == 302
    assert response["Location"] == "/welcome/"
    welcome = sign_up.client.get("/welcome/")
    html = welcome.content.decode()
    assert "Your site is ready" in html
    assert "http://shiny.localhost:8000/" in html
    assert "http://shiny.localhost:8000/office/" in html


def test_the_welcome_page_is_only_for_the_browser_that_signed_up(page_client):
    response = page_client().get("/welcome/")
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(("slug", "text"), [
    ("fresh-co", "fresh-co.localhost is free."),
    ("alpha", "This subdomain is taken. Choose another."),
    ("www", "This subdomain is reserved. Choose another."),
])
def test_the_slug_is_checked_as_it_is_typed(page_client, slug, text):
    response = page_client().get("/signup/slug/", {"slug": slug}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert text in response.content.decode()


def test_too_many_sign_ups_from_one_network_are_refused(sign_up, settings):
    settings.COMPANY_SIGNUPS_PER_IP_PER_HOUR = 0
    response = sign_up()
    assert response.status_code == 200
    assert "Too many sign-ups from your network. Try again later." in response.content.decode()
