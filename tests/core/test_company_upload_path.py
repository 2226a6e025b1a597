"""Uploaded files live under tenants/<company id>/<folder>/, by the immutable id, not the schema name."""
import re

from django.db import connection
from django_tenants.utils import schema_context

from shared_apps.core.storage import CompanyUploadPath


class Row:
    """A company-schema row with no company_id of its own."""


class RowWithCompany:
    company_id = 42


def test_a_company_file_goes_under_the_company_id(company_a):
    path = CompanyUploadPath("brand")(company_a, "Logo.PNG")

    assert re.fullmatch(rf"tenants/{company_a.pk}/brand/[0-9a-f]{{32}}\.png", path)


def test_a_row_with_a_company_id_uses_it():
    assert CompanyUploadPath("docs")(RowWithCompany(), "a.pdf").startswith("tenants/42/docs/")


def test_a_company_schema_row_uses_the_current_company(people):
    connection.set_tenant(people.company_b)
    try:
        path = CompanyUploadPath("photos")(Row(), "before.jpg")
    finally:
        connection.set_schema_to_public()

    assert path.startswith(f"tenants/{people.company_b.pk}/photos/")


def test_a_row_outside_any_company_goes_under_platform(db):
    with schema_context("public"):
        assert CompanyUploadPath("misc")(Row(), "x.txt").startswith("tenants/platform/misc/")


def test_two_uploads_of_the_same_name_do_not_collide(company_a):
    upload = CompanyUploadPath("brand")

    assert upload(company_a, "logo.png") != upload(company_a, "logo.png")


def test_the_file_name_cannot_climb_out_of_the_folder(company_a):
    path = CompanyUploadPath("brand")(company_a, "../../../etc/passwd")

    assert path.startswith(f"tenants/{company_a.pk}/brand/")
    assert ".." not in path
