"""The back office's catalog editor: office staff read it, the owner and admins change it through the
catalog's services, and every rule the services enforce comes back as a message on its field."""
from __future__ import annotations

import pytest

from shared_apps.changes.models import Change
from tenant_apps.catalog.models import CancellationTier, Category, Holiday, Service, Surcharge, Zone


@pytest.fixture
def owner(page_client, people):
    return page_client(people.company_a, people.owner_a)


@pytest.fixture
def alpha(people, in_schema):
    """Ids of alpha's starter catalog."""
    with in_schema(people.company_a.schema_name):
        home = Service.objects.get(name__en="Home cleaning")
        return {
            "cleaning": Category.objects.get(name__en="Cleaning").pk,
            "home_cleaning_category": Category.objects.get(name__en="Home cleaning").pk,
            "home_cleaning": home.pk,
            "daily": home.variants.get(name__en="Daily cleaning").pk,
            "tools": home.add_ons.get(name__en="Cleaner brings tools").pk,
            "surcharge": Surcharge.objects.get(name__en="Evening").pk,
        }


def html_of(response) -> str:
    return response.content.decode()


# ---- who may do what -----------------------------------------------------------------------------

READ_PAGES = ["/office/catalog/", "/office/catalog/services/{home_cleaning}/", "/office/catalog/categories/{cleaning}/",
              "/office/catalog/surcharges/", "/office/catalog/surcharges/{surcharge}/", "/office/catalog/zones/",
              "/office/catalog/holidays/"]
WRITES = ["/office/catalog/categories/new/", "/office/catalog/categories/{cleaning}/save/",
          "/office/catalog/services/new/", "/office/catalog/services/{home_cleaning}/save/",
          "/office/catalog/services/{home_cleaning}/variants/", "/office/catalog/variants/{daily}/save/",
          "/office/catalog/variants/{daily}/delete/", "/office/catalog/add-ons/{tools}/delete/",
          "/office/catalog/services/{home_cleaning}/policy/", "/office/catalog/surcharges/add/",
          "/office/catalog/surcharges/{surcharge}/delete/", "/office/catalog/settings/",
          "/office/catalog/holidays/add/"]


@pytest.mark.parametrize("path", READ_PAGES)
def test_the_owner_and_a_dispatcher_open_every_catalog_page(page_client, people, alpha, path):
    for user in (people.owner_a, people.dispatcher_a):
        assert page_client(people.company_a, user).get(path.format(**alpha)).status_code == 200


@pytest.mark.parametrize("path", READ_PAGES + WRITES)
@pytest.mark.parametrize("who", ["worker_a", "customer_a", "owner_b"])
def test_workers_customers_and_other_companies_get_a_403(page_client, people, alpha, path, who):
    client = page_client(people.company_a, getattr(people, who))
    response = client.post(path.format(**alpha), {}) if path in WRITES else client.get(path.format(**alpha))
    assert response.status_code == 403


def test_visitors_are_sent_to_sign_in(page_client, people):
    response = page_client(people.company_a).get("/office/catalog/")
    assert response.status_code == 302 and response["Location"] == "/office/login/?next=/office/catalog/"


@pytest.mark.parametrize("path", WRITES)
def test_a_dispatcher_reads_but_cannot_change_anything(page_client, people, alpha, path, in_schema):
    response = page_client(people.company_a, people.dispatcher_a).post(path.format(**alpha), {})
    assert response.status_code == 403
    assert "Only the owner and admins of Alpha Cleaning can do this." in html_of(response)


@pytest.mark.parametrize("path", WRITES)
@pytest.mark.parametrize("htmx", [False, True])
def test_an_empty_form_from_the_owner_is_never_a_500(owner, alpha, path, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    assert owner.post(path.format(**alpha), {}, **headers).status_code in (200, 302)


def test_a_dispatcher_sees_the_service_read_only(page_client, people, alpha):
    html = html_of(page_client(people.company_a, people.dispatcher_a).get(
        f"/office/catalog/services/{alpha['home_cleaning']}/"))
    assert "Daily cleaning" in html and "Cleaner brings tools" in html
    assert "Save variant" not in html and "Add a variant" not in html and "Save service" not in html
    assert 'name="variant-{}-unit_price" value="50.00"'.format(alpha["daily"]) in html
    assert "disabled" in html


# ---- the overview --------------------------------------------------------------------------------

def test_the_catalog_lists_categories_and_their_services(owner, alpha):
    html = html_of(owner.get("/office/catalog/"))
    assert f'href="/office/catalog/categories/{alpha["cleaning"]}/"><strong>Cleaning</strong>' in html
    assert f'href="/office/catalog/services/{alpha["home_cleaning"]}/">Home cleaning</a>' in html
    assert "3 variants" in html and "Promoted" in html
    assert "New service" in html
    new = html_of(owner.get("/office/catalog/services/new/"))
    assert f'<option value="{alpha["home_cleaning_category"]}">Cleaning › Home cleaning</option>' in new


def test_another_companys_ids_are_404s_in_the_office(page_client, people, in_schema):
    with in_schema(people.company_b.schema_name):
        last = Service.objects.order_by("-pk").first().pk
    client = page_client(people.company_a, people.owner_a)
    assert client.get(f"/office/catalog/services/{last + 1000}/").status_code == 404
    assert client.get("/office/catalog/services/abc/").status_code == 404
    assert client.post(f"/office/catalog/variants/{last + 1000}/save/", {}).status_code == 404


# ---- categories ----------------------------------------------------------------------------------

def test_the_owner_adds_a_sub_category(owner, people, alpha, in_schema):
    response = owner.post("/office/catalog/categories/new/", {
        "name_en": "Windows", "name_zh_hans": "擦窗", "parent": alpha["cleaning"], "position": "5",
        "is_active": "on"})
    assert response.status_code == 302
    with in_schema(people.company_a.schema_name):
        category = Category.objects.get(name__en="Windows")
        assert category.name == {"en": "Windows", "zh-hans": "擦窗"} and category.parent_id == alpha["cleaning"]
        assert Change.objects.filter(action="category.created", target_id=category.pk,
                                     actor=people.owner_a).exists()


def test_a_category_needs_a_name_in_some_language(owner):
    response = owner.post("/office/catalog/categories/new/", {"name_en": "", "name_zh_hans": "", "position": "0"})
    assert response.status_code == 200
    assert '<ul class="errorlist" id="name_en-errors"><li>Fill in at least one language.</li></ul>' in html_of(response)


def test_categories_have_two_levels_and_the_editor_says_so(owner, alpha):
    response = owner.post(f"/office/catalog/categories/{alpha['home_cleaning_category']}/save/", {
        "name_en": "Home cleaning", "parent": alpha["cleaning"], "position": "0", "is_active": "on"})
    assert response.status_code == 302
    response = owner.post(f"/office/catalog/categories/{alpha['cleaning']}/save/", {
        "name_en": "Cleaning", "parent": "", "position": "0", "is_active": ""})
    assert response.status_code == 302
    response = owner.post("/office/catalog/categories/new/", {
        "name_en": "Deeper", "parent": alpha["home_cleaning_category"], "position": "0"})
    assert "Select a valid choice." in html_of(response)  # only top categories are offered as parents


def test_a_category_with_services_is_not_deleted_and_the_owner_is_told(owner, alpha):
    response = owner.post(f"/office/catalog/categories/{alpha['home_cleaning_category']}/delete/", follow=True)
    assert "This category still has services or sub-categories." in html_of(response)


# ---- services ------------------------------------------------------------------------------------

def service_form(category, **changes) -> dict:
    return {"name_en": "Sofa cleaning", "name_zh_hans": "沙发清洗", "category": category,
            "description_en": "Fabric sofas, deep cleaned.", "included_en": "Vacuuming\n\nStain treatment\n",
            "default_duration_minutes": "90", "crew_size": "1", "min_lead_minutes": "120",
            "required_skills": ["cleaning", "childcare"], "position": "0", "is_active": "on", **changes}


def test_the_owner_adds_a_service_and_lands_on_its_page(owner, people, alpha, in_schema):
    response = owner.post("/office/catalog/services/new/", service_form(alpha["home_cleaning_category"]))
    assert response.status_code == 302
    with in_schema(people.company_a.schema_name):
        service = Service.objects.get(name__en="Sofa cleaning")
    assert response["Location"] == f"/office/catalog/services/{service.pk}/"
    assert service.included == {"en": ["Vacuuming", "Stain treatment"]}
    assert service.required_skills == ["cleaning", "childcare"] and service.default_duration_minutes == 90
    page = html_of(owner.get(response["Location"]))
    assert "Not on your site" in page and "Add a variant (how it is priced)" in page


def test_the_owner_ticks_the_credentials_a_service_needs(owner, people, alpha, in_schema):
    page = html_of(owner.get("/office/catalog/services/new/"))
    assert "Credentials needed" in page and "Health certificate" in page
    response = owner.post("/office/catalog/services/new/", service_form(
        alpha["home_cleaning_category"], required_credentials=["health", "skill"]))
    assert response.status_code == 302
    with in_schema(people.company_a.schema_name):
        assert Service.objects.get(name__en="Sofa cleaning").required_credentials == ["health", "skill"]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"name_en": "", "name_zh_hans": ""}, "name_en", "Fill in at least one language."),
    ({"required_credentials": ["passport"]}, "required_credentials", "Select a valid choice. passport is not one"),
    ({"required_skills": ["deep cleaning"]}, "required_skills", "Select a valid choice. deep cleaning is not one"),
    ({"crew_size": "0"}, "crew_size", "Ensure this value is greater than or equal to 1."),
    ({"default_duration_minutes": ""}, "default_duration_minutes", "This field is required."),
])
def test_a_service_form_explains_what_is_wrong(owner, alpha, change, field, message):
    response = owner.post("/office/catalog/services/new/", service_form(alpha["home_cleaning_category"], **change))
    assert response.status_code == 200
    assert f'<ul class="errorlist" id="{field}-errors"><li>{message}' in html_of(response)


def test_the_owner_promotes_and_hides_a_service(owner, people, alpha, in_schema, page_client):
    data = service_form(alpha["home_cleaning_category"], name_en="Home cleaning", is_promoted="on", is_active="")
    response = owner.post(f"/office/catalog/services/{alpha['home_cleaning']}/save/", data)
    assert response.status_code == 302
    with in_schema(people.company_a.schema_name):
        service = Service.objects.get(pk=alpha["home_cleaning"])
    assert service.is_promoted and not service.is_active
    assert page_client(people.company_a).get(f"/services/{alpha['home_cleaning']}/").status_code == 404


# ---- variants ------------------------------------------------------------------------------------

def variant_form(prefix="new-variant", **changes) -> dict:
    values = {"name_en": "Two seats", "price_model": "per_unit", "unit": "item", "base_price": "",
              "unit_price": "80.5", "min_quantity": "1", "max_quantity": "10", "minimum_minutes": "0",
              "minimum_charge": "", "duration_minutes": "", "minutes_per_unit": "30", "crew_size": "",
              "position": "0", "is_active": "on", **changes}
    return {f"{prefix}-{key}": value for key, value in values.items()}


def test_a_variant_without_its_price_is_refused_on_the_price_field_then_added(owner, people, alpha, in_schema):
    url = f"/office/catalog/services/{alpha['home_cleaning']}/variants/"
    missing = owner.post(url, variant_form(unit_price=""), HTTP_HX_REQUEST="true")
    html = html_of(missing)
    assert html.startswith('<section class="card stack" id="variants"')
    assert '<ul class="errorlist" id="new-variant-unit_price-errors"><li>Give the price per unit.</li></ul>' in html

    invalid = owner.post(url, variant_form(unit_price="12.345"), HTTP_HX_REQUEST="true")
    assert "Ensure that there are no more than 2 decimal places." in html_of(invalid)
    negative = owner.post(url, variant_form(unit_price="-1"), HTTP_HX_REQUEST="true")
    assert "Ensure this value is greater than or equal to 0" in html_of(negative)

    added = owner.post(url, variant_form(), HTTP_HX_REQUEST="true")
    assert "The variant is added." in html_of(added) and "Two seats" in html_of(added)
    with in_schema(people.company_a.schema_name):
        variant = Service.objects.get(pk=alpha["home_cleaning"]).variants.get(name__en="Two seats")
    assert variant.unit_price == 8050 and variant.base_price == 0 and variant.minutes_per_unit == 30


def test_yuan_become_fen_exactly(owner, people, alpha, in_schema):
    url = f"/office/catalog/services/{alpha['home_cleaning']}/variants/"
    owner.post(url, variant_form(name_en="Exact", price_model="fixed", base_price="0.29", unit_price="19999.99"))
    with in_schema(people.company_a.schema_name):
        variant = Service.objects.get(pk=alpha["home_cleaning"]).variants.get(name__en="Exact")
    assert (variant.base_price, variant.unit_price) == (29, 1999999)


def test_the_owner_changes_a_variants_price_without_javascript(owner, people, alpha, in_schema):
    prefix = f"variant-{alpha['daily']}"
    data = variant_form(prefix, name_en="Daily cleaning", price_model="hourly", unit="hour", unit_price="55",
                        minimum_minutes="120", duration_minutes="180", minutes_per_unit="0")
    response = owner.post(f"/office/catalog/variants/{alpha['daily']}/save/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/office/catalog/services/{alpha['home_cleaning']}/#variants"
    with in_schema(people.company_a.schema_name):
        assert Service.objects.get(pk=alpha["home_cleaning"]).variants.get(pk=alpha["daily"]).unit_price == 5500


def test_a_rule_of_the_variant_model_shows_on_its_field(owner, alpha):
    prefix = f"variant-{alpha['daily']}"
    data = variant_form(prefix, name_en="Daily cleaning", price_model="hourly", unit_price="50",
                        minimum_minutes="45")
    html = html_of(owner.post(f"/office/catalog/variants/{alpha['daily']}/save/", data, HTTP_HX_REQUEST="true"))
    assert f'id="{prefix}-minimum_minutes-errors"><li>Use whole half hours.</li>' in html
    assert f'<details class="editor" id="variant-{alpha["daily"]}" open>' in html


def test_the_last_variant_cannot_be_deleted_and_the_owner_is_told(owner, people, in_schema):
    with in_schema(people.company_a.schema_name):
        range_hood = Service.objects.get(name__en="Range hood cleaning")
        only = range_hood.variants.get().pk
    html = html_of(owner.post(f"/office/catalog/variants/{only}/delete/", HTTP_HX_REQUEST="true"))
    assert "A service keeps at least one variant; deactivate the service instead." in html


# ---- add-ons, cancellation policy, photos ---------------------------------------------------------

def test_the_owner_adds_and_deletes_an_add_on(owner, people, alpha, in_schema):
    url = f"/office/catalog/services/{alpha['home_cleaning']}/add-ons/"
    data = {"new-add-on-name_en": "Balcony", "new-add-on-kind": "other", "new-add-on-price": "45",
            "new-add-on-max_quantity": "2", "new-add-on-extra_minutes": "30", "new-add-on-extra_crew": "0",
            "new-add-on-position": "9", "new-add-on-is_active": "on"}
    html = html_of(owner.post(url, data, HTTP_HX_REQUEST="true"))
    assert html.startswith('<section class="card stack" id="add_ons"') and "The add-on is added." in html
    with in_schema(people.company_a.schema_name):
        balcony = Service.objects.get(pk=alpha["home_cleaning"]).add_ons.get(name__en="Balcony")
    assert balcony.price == 4500 and balcony.max_quantity == 2
    html = html_of(owner.post(f"/office/catalog/add-ons/{balcony.pk}/delete/", HTTP_HX_REQUEST="true"))
    assert "The add-on is deleted." in html and "Balcony" not in html


def policy_form(*rows) -> dict:
    data = {"tiers-TOTAL_FORMS": str(len(rows)), "tiers-INITIAL_FORMS": "0", "tiers-MIN_NUM_FORMS": "0",
            "tiers-MAX_NUM_FORMS": "10"}
    for index, row in enumerate(rows):
        data.update({f"tiers-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_owner_replaces_the_cancellation_policy(owner, people, alpha, in_schema, page_client):
    url = f"/office/catalog/services/{alpha['home_cleaning']}/policy/"
    data = policy_form({"hours_before": "48", "percent": "0"}, {"hours_before": "0", "percent": "30"},
                       {"on_the_way": "on", "amount": "25"}, {"hours_before": "", "percent": "", "amount": ""})
    html = html_of(owner.post(url, data, HTTP_HX_REQUEST="true"))
    assert "The cancellation policy is saved." in html
    with in_schema(people.company_a.schema_name):
        tiers = list(CancellationTier.objects.filter(service_id=alpha["home_cleaning"]))
    assert [(t.hours_before, t.on_the_way, t.percent, t.amount) for t in tiers] == [
        (48, False, 0, 0), (0, False, 30, 0), (None, True, 0, 2500)]
    page = html_of(page_client(people.company_a).get(f"/services/{alpha['home_cleaning']}/"))
    assert "Cancel at least 48 h before the visit: free" in page and "Once the worker is on the way: ¥25.00" in page


def test_two_tiers_with_the_same_hours_are_shown_on_the_second(owner, alpha):
    url = f"/office/catalog/services/{alpha['home_cleaning']}/policy/"
    data = policy_form({"hours_before": "", "percent": ""}, {"hours_before": "24", "percent": "10"},
                       {"hours_before": "24", "percent": "20"})
    html = html_of(owner.post(url, data, HTTP_HX_REQUEST="true"))
    assert "Two tiers have the same hours." in html
    assert html.index("Two tiers have the same hours.") > html.index('name="tiers-2-hours_before"')


def test_the_owner_uploads_a_photo_and_the_storefront_shows_it(owner, people, alpha, page_client, settings, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "#0000ff").save(buffer, "PNG")
    photo = SimpleUploadedFile("sofa.png", buffer.getvalue(), content_type="image/png")
    response = owner.post(f"/office/catalog/services/{alpha['home_cleaning']}/photos/",
                          {"image": photo, "position": "0"})
    assert response.status_code == 302
    page = html_of(page_client(people.company_a).get(f"/services/{alpha['home_cleaning']}/"))
    assert f'<div class="gallery"><img src="/media/tenants/{people.company_a.pk}/catalog/' in page
    bad = owner.post(f"/office/catalog/services/{alpha['home_cleaning']}/photos/",
                     {"image": SimpleUploadedFile("x.png", b"not an image"), "position": "0"})
    assert bad.status_code == 200 and "Upload a valid image." in html_of(bad)


# ---- price rules ---------------------------------------------------------------------------------

def test_the_owner_adds_a_weekend_surcharge_for_one_service(owner, people, alpha, in_schema):
    response = owner.post("/office/catalog/surcharges/add/", {
        "new-name_en": "Sunday", "new-kind": "weekday", "new-service": alpha["home_cleaning"],
        "new-percent": "15", "new-weekdays": ["7"], "new-position": "0", "new-is_active": "on"})
    assert response.status_code == 302
    with in_schema(people.company_a.schema_name):
        sunday = Surcharge.objects.get(name__en="Sunday")
    assert sunday.weekdays == [7] and sunday.service_id == alpha["home_cleaning"] and sunday.percent == 15


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"new-kind": "weekday", "new-percent": "10"}, "new-weekdays", "Choose at least one day."),
    ({"new-kind": "time_of_day", "new-percent": "10", "new-start_time": "19:00"}, "new-end_time",
     "Give the end of the window."),
    ({"new-kind": "urgency"}, "new-amount", "Give a percentage or an amount."),
])
def test_a_surcharge_form_shows_the_rules_on_their_fields(owner, data, field, message):
    response = owner.post("/office/catalog/surcharges/add/", {"new-name_en": "Rule", "new-position": "0", **data})
    assert response.status_code == 200
    assert f'id="{field}-errors"><li>{message}</li>' in html_of(response)


def test_the_owner_edits_and_deletes_a_surcharge(owner, people, alpha, in_schema):
    response = owner.post(f"/office/catalog/surcharges/{alpha['surcharge']}/save/", {
        "name_en": "Evening", "kind": "time_of_day", "percent": "25", "start_time": "18:30", "end_time": "08:00",
        "position": "0", "is_active": "on"})
    assert response.status_code == 302
    with in_schema(people.company_a.schema_name):
        evening = Surcharge.objects.get(pk=alpha["surcharge"])
        assert evening.percent == 25 and evening.start_time.isoformat() == "18:30:00"
    owner.post(f"/office/catalog/surcharges/{alpha['surcharge']}/delete/")
    with in_schema(people.company_a.schema_name):
        assert not Surcharge.objects.filter(pk=alpha["surcharge"]).exists()


def test_a_radius_zone_needs_a_centre_or_the_base(owner, people, in_schema):
    zone = {"new-name_en": "Centre", "new-kind": "radius", "new-radius_km": "12.5", "new-surcharge": "",
            "new-position": "0", "new-is_active": "on"}
    refused = owner.post("/office/catalog/zones/add/", zone)
    assert 'id="new-center_latitude-errors"><li>Give a centre, or set the company' in html_of(refused)
    assert owner.post("/office/catalog/settings/", {
        "base_latitude": "31.2304", "base_longitude": "121.4737", "booking_horizon_days": "60",
        "quote_ttl_minutes": "15"}).status_code == 302
    assert owner.post("/office/catalog/zones/add/", zone).status_code == 302
    with in_schema(people.company_a.schema_name):
        assert str(Zone.objects.get(name__en="Centre").radius_km) == "12.50"


def test_a_polygon_zone_is_typed_as_lines_of_points(owner, people, in_schema):
    data = {"new-name_en": "Area", "new-kind": "polygon", "new-polygon": "31.1, 121.3\n31.3,121.3\n31.3, 121.6",
            "new-surcharge": "20", "new-position": "0", "new-is_active": "on"}
    assert owner.post("/office/catalog/zones/add/", data).status_code == 302
    with in_schema(people.company_a.schema_name):
        area = Zone.objects.get(name__en="Area")
    assert area.polygon == [[31.1, 121.3], [31.3, 121.3], [31.3, 121.6]] and area.surcharge == 2000
    bad = owner.post("/office/catalog/zones/add/", {**data, "new-polygon": "31.1 121.3"})
    assert "Line 1: write it as latitude, longitude." in html_of(bad)
    short = owner.post("/office/catalog/zones/add/", {**data, "new-polygon": "31.1, 121.3"})
    assert "Give at least 3 points as [latitude, longitude]." in html_of(short)


def test_settings_need_both_coordinates(owner):
    response = owner.post("/office/catalog/settings/", {"base_latitude": "31.2", "base_longitude": "",
                                                        "booking_horizon_days": "60", "quote_ttl_minutes": "15"})
    assert response.status_code == 200
    assert "Give both coordinates of the base, or neither." in html_of(response)


def test_the_owner_adds_a_holiday_and_one_date_is_one_holiday(owner, people, in_schema):
    data = {"new-date": "2030-10-01", "new-name_en": "National Day", "new-name_zh_hans": "国庆节"}
    assert owner.post("/office/catalog/holidays/add/", data).status_code == 302
    with in_schema(people.company_a.schema_name):
        assert Holiday.objects.get(date="2030-10-01").name == {"en": "National Day", "zh-hans": "国庆节"}
    again = owner.post("/office/catalog/holidays/add/", data)
    assert again.status_code == 200 and "Holiday with this Date already exists." in html_of(again)
    assert "National Day" in html_of(owner.get("/office/catalog/holidays/"))
