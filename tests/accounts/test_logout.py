"""Logging out of the API revokes the token."""


def test_logout_revokes_the_token(client_for, company_a, people):
    client = client_for(company_a, people.owner_a)
    assert client.get("/api/v1/me/").status_code == 200

    response = client.post("/api/v1/auth/logout/")

    assert response.status_code == 204
    assert client.get("/api/v1/me/").status_code == 401


def test_logout_on_one_host_ends_the_token_on_every_host(client_for, company_a, people):
    alpha = client_for(company_a, people.shared_worker)
    platform = client_for(None)
    platform.credentials(HTTP_AUTHORIZATION=alpha._credentials["HTTP_AUTHORIZATION"])

    alpha.post("/api/v1/auth/logout/")

    assert platform.get("/api/v1/worker/companies/").status_code == 401


def test_logout_needs_a_signed_in_caller(client_for):
    response = client_for().post("/api/v1/auth/logout/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
