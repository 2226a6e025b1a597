"""The storefront's catalog pages: home with categories and promoted services, a category, a service
with its live quote (htmx partial), per company and in the visitor's language."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.models import Category, Service, Surcharge


@pytest.fixture
def alpha_ids(people, in_schema):
    """Names to ids of alpha's starter catalog (services, categories, variants, add-ons)."""
    with in_schema(people.company_a.schema_name):
        home = Service.objects.get(name__en="Home cleaning")
        return {
            "home_cleaning": home.pk,
            "cleaning": Category.objects.get(name__en="Cleaning").pk,
            "appliance_cleaning": Category.objects.get(name__en="Appliance cleaning").pk,
            "variants": {v.name["en"]: v.pk for v in home.variants.all()},
            "add_ons": {a.name["en"]: a.pk for a in home.add_ons.all()},
        }


@pytest.fixture
def no_surcharges(people, in_schema):
    """Alpha's starter surcharges off, so a quote is only its service lines."""
    with in_schema(people.company_a.schema_name):
        for surcharge in Surcharge.objects.all():
            catalog.update_surcharge(actor=people.owner_a, surcharge=surcharge, changes={"is_active": False})


def a_weekday_morning(days: int = 3) -> str:
    """A Wednesday at 10:00 (Shanghai) at least `days` ahead, as a datetime-local value."""
    day = timezone.localtime(timezone.now(), timezone.get_fixed_timezone(8 * 60)).date() + timedelta(days=days)
    day += timedelta(days=(3 - day.isoweekday()) % 7)
    return f"{day.isoformat()}T10:00"


def quote_data(ids, variant="Daily cleaning", **extra) -> dict:
    variant_id = ids["variants"][variant]
    return {"variant": variant_id, "shown_variant": variant_id, "start": a_weekday_morning(), **extra}


# ---- home and categories -------------------------------------------------------------------------

def test_home_lists_categories_with_their_services_and_the_promoted_ones(page_client, company_a, alpha_ids):
    html = page_client(company_a).get("/").content.decode()

    popular = html[html.index('id="popular-heading"'):html.index('id="offer-heading"')]
    assert "Home cleaning" in popular and "Air conditioner cleaning" in popular and "Nanny" not in popular
    menu = html[html.index('id="offer-heading"'):]
    assert f'href="/categories/{alpha_ids["cleaning"]}/">Cleaning</a>' in menu
    assert f'href="/categories/{alpha_ids["appliance_cleaning"]}/">Appliance cleaning</a>' in menu
    assert f'href="/services/{alpha_ids["home_cleaning"]}/"' in menu
    assert "From ¥100.00" in menu  # daily cleaning: the 2-hour minimum at 50 yuan an hour
    assert "Nanny" in menu and "Maternity nurse" in menu


def test_home_without_offered_services_says_they_are_coming(page_client, people, in_schema):
    with in_schema(people.company_a.schema_name):
        for category in Category.objects.filter(parent__isnull=True):
            catalog.update_category(actor=people.owner_a, category=category, changes={"is_active": False})
    html = page_client(people.company_a).get("/").content.decode()
    assert "Our services will be listed here soon." in html
    assert 'id="popular-heading"' not in html and "See our services" not in html


def test_home_is_in_the_visitors_language(page_client, company_a):
    html = page_client(company_a, HTTP_ACCEPT_LANGUAGE="zh-Hans").get("/").content.decode()
    assert "家庭保洁" in html and "育儿嫂" in html and "热门服务" in html


def test_home_reads_the_catalog_in_a_fixed_number_of_queries(page_client, company_a, django_assert_max_num_queries):
    client = page_client(company_a)
    client.get("/")
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


def test_a_category_lists_its_services_and_those_of_its_sub_categories(page_client, company_a, alpha_ids):
    html = page_client(company_a).get(f"/categories/{alpha_ids['cleaning']}/").content.decode()
    assert "<h1>Cleaning</h1>" in html
    assert "Home cleaning" in html and "Air conditioner cleaning" in html and "Range hood cleaning" in html
    assert "Nanny" not in html.split("<main", 1)[1]
    sub = page_client(company_a).get(f"/categories/{alpha_ids['appliance_cleaning']}/").content.decode()
    assert "Home cleaning" not in sub.split("<main", 1)[1] and "Range hood cleaning" in sub


@pytest.mark.parametrize("category_id", ["999999", "abc", "0", "null,null"])
def test_an_unknown_category_is_a_404(page_client, company_a, category_id):
    assert page_client(company_a).get(f"/categories/{category_id}/").status_code == 404


def test_a_hidden_category_is_a_404(page_client, people, in_schema, alpha_ids):
    with in_schema(people.company_a.schema_name):
        catalog.update_category(actor=people.owner_a, category=Category.objects.get(pk=alpha_ids["cleaning"]),
                                changes={"is_active": False})
    assert page_client(people.company_a).get(f"/categories/{alpha_ids['cleaning']}/").status_code == 404


# ---- a service -----------------------------------------------------------------------------------

def test_a_service_shows_its_variants_add_ons_included_standard_and_cancellation_policy(
    page_client, company_a, alpha_ids,
):
    html = page_client(company_a).get(f"/services/{alpha_ids['home_cleaning']}/").content.decode()
    assert "<h1>Home cleaning</h1>" in html
    for variant in ("Daily cleaning", "Deep cleaning", "Post-renovation cleaning"):
        assert variant in html
    assert html.count('type="radio" name="variant"') == 3
    assert "¥50.00 / hour, at least 2 h" in html
    assert "Cleaner brings tools" in html and "¥20.00 each" in html  # windows, up to 30
    assert "Kitchen and bathroom cleaning" in html
    assert "Checklist signed off with you before the cleaner leaves." in html
    policy = html[html.index('id="cancellation-policy"'):]
    assert "Cancel at least 24 h before the visit: free" in policy
    assert "Cancel at least 2 h before the visit: 20% of the price" in policy
    assert "Cancel with less notice: 50% of the price" in policy
    assert "Once the worker is on the way: ¥30.00" in policy


def test_a_service_page_opens_with_a_quote_for_its_first_option(page_client, company_a, alpha_ids, no_surcharges):
    html = page_client(company_a).get(f"/services/{alpha_ids['home_cleaning']}/").content.decode()
    quote = html[html.index('id="quote"'):]
    assert '<strong id="quote-total">¥150.00</strong>' in quote  # 3 hours at 50 yuan
    assert "3 × ¥50.00 / hour" in quote
    assert "Price held until" in quote


def test_a_service_page_has_open_graph_tags(page_client, company_a, alpha_ids):
    html = page_client(company_a).get(f"/services/{alpha_ids['home_cleaning']}/").content.decode()
    url = f"http://alpha.localhost/services/{alpha_ids['home_cleaning']}/"
    assert '<meta property="og:title" content="Home cleaning · Alpha Cleaning">' in html
    assert '<meta property="og:description" content="A tidy, clean home by a trained cleaner.">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<link rel="canonical" href="{url}">' in html


def test_the_open_graph_image_is_the_first_photo(page_client, people, alpha_ids, settings, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "#00ff00").save(buffer, "PNG")
    connection.set_tenant(people.company_a)  # uploads are filed under the company's id
    service = Service.objects.get(pk=alpha_ids["home_cleaning"])
    catalog.add_service_photo(actor=people.owner_a, service=service,
                              image=SimpleUploadedFile("sofa.png", buffer.getvalue(), content_type="image/png"))
    connection.set_schema_to_public()
    html = page_client(people.company_a).get(f"/services/{alpha_ids['home_cleaning']}/").content.decode()
    assert re.search(r'<meta property="og:image" content="http://alpha\.localhost/media/tenants/\d+/catalog/[^"]+">',
                     html)
    assert '<div class="gallery"><img src="/media/tenants/' in html


def test_a_service_page_is_in_the_visitors_language(page_client, company_a, alpha_ids):
    html = page_client(company_a, HTTP_ACCEPT_LANGUAGE="zh-Hans").get(
        f"/services/{alpha_ids['home_cleaning']}/").content.decode()
    assert "<h1>家庭保洁</h1>" in html and "日常保洁" in html and "自带清洁工具" in html
    assert "取消规则" in html


def test_another_companys_service_is_a_404(page_client, people, in_schema):
    with in_schema(people.company_b.schema_name):
        category = Category.objects.first()
        service = catalog.create_service(actor=people.owner_b, values={"name": {"en": "Bravo only"},
                                                                         "category": category})
        catalog.create_variant(actor=people.owner_b, service=service,
                               values={"name": {"en": "Once"}, "price_model": "fixed", "base_price": 1000})
    with in_schema(people.company_a.schema_name):
        assert not Service.objects.filter(pk=service.pk).exists()
    assert page_client(people.company_b).get(f"/services/{service.pk}/").status_code == 200
    response = page_client(people.company_a).get(f"/services/{service.pk}/")
    assert response.status_code == 404
    assert "Bravo only" not in response.content.decode()
    assert page_client(people.company_a).post(f"/services/{service.pk}/quote/", {}).status_code == 404


@pytest.mark.parametrize("service_id", ["999999", "abc", "-1", "null,null"])
def test_an_unknown_service_is_a_404(page_client, company_a, service_id):
    assert page_client(company_a).get(f"/services/{service_id}/").status_code == 404


def test_a_withdrawn_service_is_a_404(page_client, people, in_schema, alpha_ids):
    with in_schema(people.company_a.schema_name):
        catalog.update_service(actor=people.owner_a, service=Service.objects.get(pk=alpha_ids["home_cleaning"]),
                               changes={"is_active": False})
    assert page_client(people.company_a).get(f"/services/{alpha_ids['home_cleaning']}/").status_code == 404


# ---- the live quote ------------------------------------------------------------------------------

def quote(client, ids, data):
    response = client.post(f"/services/{ids['home_cleaning']}/quote/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_the_quote_partial_returns_lines_and_a_total(page_client, company_a, alpha_ids, no_surcharges):
    add_ons = alpha_ids["add_ons"]
    html = quote(page_client(company_a), alpha_ids, quote_data(
        alpha_ids, duration_minutes="240", **{f"addon_{add_ons['Cleaner brings tools']}": "on",
                                              f"addon_{add_ons['Window, per window']}": "3"}))
    assert "4 × ¥50.00 / hour" in html and "¥200.00" in html
    assert "Cleaner brings tools" in html and "¥30.00" in html
    assert "3 × ¥20.00" in html and "¥60.00" in html
    assert '<strong id="quote-total">¥290.00</strong>' in html
    assert "4 h 30 min" in html  # 4 hours and 3 windows of 10 minutes
    assert "1 worker" in html
    assert "Cancel after" in html and "50%" not in html  # the schedule says what each window costs
    assert 'id="work-fields"' not in html  # the variant did not change: the fields stay as they are
    assert 'id="error-start" hx-swap-oob="true"></ul>' in html  # and the messages are cleared


def test_changing_the_variant_replaces_the_amount_of_work_fields(page_client, company_a, alpha_ids, no_surcharges):
    data = quote_data(alpha_ids, duration_minutes="240")
    data["variant"] = alpha_ids["variants"]["Deep cleaning"]
    html = quote(page_client(company_a), alpha_ids, data)
    assert '<div id="work-fields" class="stack" hx-swap-oob="true">' in html
    assert 'name="quantity"' in html and 'value="20"' in html and "m²" in html
    assert '<strong id="quote-total">¥300.00</strong>' in html  # 20 m² at 8 yuan, topped up to the minimum
    assert "Minimum charge" in html and "2 workers" in html


@pytest.mark.parametrize(("change", "slot", "message"), [
    ({"start": "2020-01-01T10:00"}, "start", "Choose a time in the future."),
    ({"start": "soon"}, "start", "Enter a valid date/time."),
    ({"start": ""}, "start", "This field is required."),
    ({"duration_minutes": "45"}, "duration_minutes", "Select a valid choice. 45 is not one of the available"),
    ({"variant": "999999"}, "variant", "Select a valid choice. 999999 is not one of the available"),
    ({"latitude": "31.2"}, "address", "Give both coordinates of the address, or neither."),
    ({"latitude": "north", "longitude": "121.4"}, "address", "Enter a number."),
])
def test_bad_input_is_a_message_on_its_field_never_a_500(page_client, company_a, alpha_ids, change, slot, message):
    html = quote(page_client(company_a), alpha_ids, {**quote_data(alpha_ids), **change})
    assert f'id="error-{slot}" hx-swap-oob="true"><li>{message}' in html
    assert "Correct the marked fields to see the price." in html
    assert 'id="quote-total"' not in html


@pytest.mark.parametrize("change", [
    {"start": "0001-01-01T00:00"}, {"start": "9999-12-31T23:59"}, {"start": "2030-02-30T10:00"},
    {"variant": "abc"}, {"variant": ""}, {"shown_variant": "x", "variant": "null,null"},
    {"duration_minutes": "1e9"}, {"latitude": "NaN", "longitude": "Infinity"}, {"latitude": "91", "longitude": "0"},
    {"address_line": "x" * 500},
])
def test_odd_input_is_never_a_500(page_client, company_a, alpha_ids, change):
    html = quote(page_client(company_a), alpha_ids, {**quote_data(alpha_ids), **change})
    assert "Correct the marked fields to see the price." in html


def test_too_many_of_an_add_on_is_a_message_on_that_add_on(page_client, company_a, alpha_ids):
    window = alpha_ids["add_ons"]["Window, per window"]
    html = quote(page_client(company_a), alpha_ids, quote_data(alpha_ids, **{f"addon_{window}": "31"}))
    assert f'id="error-addon-{window}" hx-swap-oob="true"><li>Ensure this value is less than or equal to 30.' in html


def test_a_quantity_out_of_range_is_the_engines_message(page_client, company_a, alpha_ids):
    data = quote_data(alpha_ids, "Deep cleaning", quantity="5")
    html = quote(page_client(company_a), alpha_ids, data)
    assert 'id="error-quantity" hx-swap-oob="true"><li>Choose between 20 and 500.</li></ul>' in html


def test_an_address_outside_the_zones_is_a_message_on_the_address(page_client, people, in_schema, alpha_ids):
    with in_schema(people.company_a.schema_name):
        catalog.create_zone(actor=people.owner_a, values={
            "name": {"en": "Pudong"}, "kind": "radius", "center_latitude": 31.22, "center_longitude": 121.54,
            "radius_km": 10})
    client = page_client(people.company_a)
    outside = quote(client, alpha_ids, quote_data(alpha_ids, latitude="39.9", longitude="116.4"))
    assert 'id="error-address" hx-swap-oob="true"><li>This address is outside the area we serve.</li>' in outside
    missing = quote(client, alpha_ids, quote_data(alpha_ids))
    assert 'id="error-address" hx-swap-oob="true"><li>Give the address of the visit.</li>' in missing
    inside = quote(client, alpha_ids, quote_data(alpha_ids, latitude="31.23", longitude="121.50"))
    assert 'id="quote-total"' in inside


def test_a_buyback_quote_shows_a_negative_line_and_what_we_pay(page_client, people, in_schema):
    with in_schema(people.company_a.schema_name):
        category = Category.objects.get(name__en="Cleaning")
        service = catalog.create_service(actor=people.owner_a, values={
            "name": {"en": "Old appliances"}, "category": category, "min_lead_minutes": 60})
        variant = catalog.create_variant(actor=people.owner_a, service=service, values={
            "name": {"en": "Fridges"}, "price_model": "buyback", "unit": "appliance", "base_price": 2000,
            "unit_price": 5050})
        for surcharge in Surcharge.objects.all():
            catalog.update_surcharge(actor=people.owner_a, surcharge=surcharge, changes={"is_active": False})
    connection.set_schema_to_public()
    response = page_client(people.company_a).post(f"/services/{service.pk}/quote/", {
        "variant": variant.pk, "shown_variant": variant.pk, "quantity": "2", "start": a_weekday_morning()})
    html = response.content.decode()
    assert "Pickup fee" in html and "¥20.00" in html
    assert "-¥101.00" in html and "2 × ¥50.50 / appliance" in html
    assert "We pay you" in html and '<strong id="quote-total">¥81.00</strong>' in html


def test_the_page_without_javascript_quotes_from_the_query_string(page_client, company_a, alpha_ids, no_surcharges):
    data = quote_data(alpha_ids, duration_minutes="300")
    html = page_client(company_a).get(f"/services/{alpha_ids['home_cleaning']}/", data).content.decode()
    assert '<strong id="quote-total">¥250.00</strong>' in html
    assert '<option value="300" selected>5 h</option>' in html


def test_the_quote_is_in_the_visitors_language(page_client, company_a, alpha_ids, no_surcharges):
    client = page_client(company_a, HTTP_ACCEPT_LANGUAGE="zh-Hans")
    html = quote(client, alpha_ids, quote_data(alpha_ids))
    assert "日常保洁" in html and "合计" in html
    past = quote(client, alpha_ids, quote_data(alpha_ids, start="2020-01-01T10:00"))
    assert "请选择一个将来的时间。" in past


def test_the_open_graph_image_falls_back_to_the_company_logo(page_client, people, alpha_ids, settings, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tenants.services import update_branding

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "#ff0000").save(buffer, "PNG")
    company = people.company_a
    update_branding(actor=people.owner_a, company=company, name=company.name, primary_color=company.primary_color,
                    accent_color=company.accent_color, default_language=company.default_language,
                    logo=SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png"))
    html = page_client(company).get(f"/services/{alpha_ids['home_cleaning']}/").content.decode()
    assert re.search(rf'<meta property="og:image" content="http://alpha\.localhost/media/tenants/{company.pk}/brand/',
                     html)


def test_the_service_page_and_the_quote_read_a_fixed_number_of_queries(
    page_client, company_a, alpha_ids, django_assert_max_num_queries,
):
    client = page_client(company_a)
    client.get(f"/services/{alpha_ids['home_cleaning']}/")
    # 10: one of them lists the company's service zones, the districts an address is chosen from; one
    # reads the reviews' scores (the reviews themselves are read only when there are some)
    with django_assert_max_num_queries(10):
        client.get(f"/services/{alpha_ids['home_cleaning']}/")
    with django_assert_max_num_queries(9):
        quote(client, alpha_ids, quote_data(alpha_ids))


def test_the_home_page_shows_a_catalog_change_at_once(client_for, people, django_assert_max_num_queries):
    from django_tenants.utils import schema_context

    from tenant_apps.catalog.models import Service
    from tenant_apps.catalog.services import update_service

    client = client_for(people.company_a)
    client.get("/")  # warm the cache
    with django_assert_max_num_queries(4):  # search path, session-less settings row, nothing else
        first = client.get("/")
    with schema_context(people.company_a.schema_name):
        service = Service.objects.filter(is_active=True).order_by("pk").first()
        update_service(actor=people.owner_a, service=service, changes={"is_active": False})

    second = client.get("/")

    assert f"/services/{service.pk}/" in first.content.decode()
    assert f"/services/{service.pk}/" not in second.content.decode()


def test_the_quote_lists_only_cancellation_windows_still_ahead(page_client, company_a, alpha_ids, no_surcharges):
    client = page_client(company_a)
    # three days ahead every window is still to come: free until 24 h before
    far = quote(client, alpha_ids, quote_data(alpha_ids))
    assert "Cancel until" in far and "¥0.00" not in far and ": free" in far

    # five hours ahead (on the half-hour grid, past the two-hour lead): "free" is over
    soon = timezone.localtime(timezone.now(), timezone.get_fixed_timezone(8 * 60)) + timedelta(hours=5)
    soon = soon.replace(minute=0 if soon.minute < 30 else 30, second=0, microsecond=0)
    html = quote(client, alpha_ids, quote_data(alpha_ids, start=soon.strftime("%Y-%m-%dT%H:%M")))
    windows = re.findall(r"<li>(Cancel[^<]*)</li>", html)
    assert len(windows) == 2, windows
    assert windows[0].startswith("Cancel until") and ": free" not in html
    assert windows[1].startswith("Cancel after")
