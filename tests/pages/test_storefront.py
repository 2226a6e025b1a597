"""A company's storefront: its brand, its share previews and the customer's account."""


def test_the_storefront_wears_the_company_brand(page_client, company_a, company_b):
    alpha = page_client(company_a).get("/").content.decode()
    assert f"--brand-primary: {company_a.primary_color}; --brand-accent: {company_a.accent_color};" in alpha
    assert "<h1>Alpha Cleaning</h1>" in alpha and "Housekeeping" in alpha and "Home cleaning" in alpha
    bravo = page_client(company_b).get("/").content.decode()
    assert "<h1>Bravo Repairs</h1>" in bravo and "Drain clearing" in bravo and "Alpha" not in bravo


def test_the_storefront_has_open_graph_tags(page_client, company_a):
    html = page_client(company_a).get("/").content.decode()
    assert '<meta property="og:title" content="Alpha Cleaning · Housekeeping">' in html
    assert '<meta property="og:url" content="http://alpha.localhost/">' in html
    assert '<meta property="og:type" content="website">' in html


def test_the_storefront_offers_sign_in_or_the_account(page_client, people):
    assert 'href="/login/"' in page_client(people.company_a).get("/").content.decode()
    html = page_client(people.company_a, people.customer_a).get("/").content.decode()
    assert 'href="/account/"' in html and "Sign out" in html


def test_the_customer_edits_their_name(page_client, people, in_schema):
    from tenant_apps.people.selectors import customer_of

    client = page_client(people.company_a, people.customer_a)
    page = client.get("/account/").content.decode()
    assert people.PHONES["customer_a"] in page
    response = client.post("/account/", {"name": "  Amy Lee  "}, follow=True)
    assert "Your profile is saved." in response.content.decode()
    with in_schema(people.company_a.schema_name):
        assert customer_of(people.customer_a).name == "Amy Lee"


def test_a_too_long_name_is_refused_on_the_field(page_client, people):
    response = page_client(people.company_a, people.customer_a).post("/account/", {"name": "x" * 101})
    assert response.status_code == 200
    assert "Ensure this value has at most 100 characters" in response.content.decode()


def test_visiting_the_account_makes_no_profile_saving_it_does(page_client, people, in_schema):
    from tenant_apps.people.selectors import customer_of

    client = page_client(people.company_b, people.customer_a)
    with in_schema(people.company_b.schema_name):
        assert customer_of(people.customer_a) is None
    page = client.get("/account/")
    assert page.status_code == 200
    assert 'data-testid="customer-name">Customer A<' in page.content.decode()  # their platform name
    with in_schema(people.company_b.schema_name):
        assert customer_of(people.customer_a) is None  # a GET never writes
    assert client.post("/account/", {"name": "Cathy B"}).status_code == 302
    with in_schema(people.company_b.schema_name):
        assert customer_of(people.customer_a).name == "Cathy B"
