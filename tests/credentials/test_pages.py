"""The worker's "My credentials" page and the console's review queue, through HTTP."""
from django.test import Client

from shared_apps.credentials.services import share_credential, submit_credential

from .support import BAD_CHECKSUM_ID, VALID_ID, health_input, upload

QUEUE_QUERIES = 5  # the whole signed-in page, whatever the number of rows


def signed_in(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def test_a_bad_id_number_is_shown_on_the_field_and_nothing_is_kept(people):
    client = signed_in(people.worker_a)
    response = client.post("/worker/credentials/new/", {
        "kind": "id_card", "name_on_document": "Wang Wei", "number": BAD_CHECKSUM_ID, "file": upload()})
    assert response.status_code == 400
    assert "check digit is wrong" in response.content.decode()
    assert not people.worker_a.credentials.exists()


def test_the_worker_uploads_an_id_card_and_sees_it_masked_and_waiting(people):
    client = signed_in(people.worker_a)
    response = client.post("/worker/credentials/new/", {
        "kind": "id_card", "name_on_document": "Wang Wei", "number": VALID_ID, "file": upload()}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "ID card sent for review." in page
    assert "**************002X" in page and VALID_ID not in page


def test_a_file_that_is_not_an_image_is_refused_on_the_page(people):
    client = signed_in(people.worker_a)
    response = client.post("/worker/credentials/new/", {
        "kind": "health", "valid_until": "2099-01-01", "file": upload(name="x.jpg", data=b"<script>")})
    assert response.status_code == 400
    assert "Upload a JPEG, PNG or WebP image, or a PDF." in response.content.decode()


def test_the_worker_sees_who_looked(people):
    from shared_apps.credentials.services import open_shared_credential

    credential = submit_credential(actor=people.shared_worker, data=health_input())
    share_credential(actor=people.shared_worker, credential_id=credential.pk, company_id=people.company_b.pk)
    open_shared_credential(actor=people.owner_b, company=people.company_b, credential_id=credential.pk)
    page = signed_in(people.shared_worker).get("/worker/credentials/").content.decode()
    assert "Bob Owner" in page and "Bravo Repairs" in page
    assert "Stop sharing with Bravo Repairs" in page and "Share with Alpha Cleaning" in page


def test_the_queue_is_for_operators_only(people):
    submit_credential(actor=people.worker_a, data=health_input())
    assert signed_in(people.worker_a).get("/console/credentials/").status_code == 403
    response = signed_in(people.operator).get("/console/credentials/")
    assert response.status_code == 200 and "Chaoyang CDC" in response.content.decode()


def test_the_queue_lists_with_a_fixed_number_of_queries(people, django_assert_num_queries):
    client = signed_in(people.operator)
    submit_credential(actor=people.worker_a, data=health_input())
    client.get("/console/credentials/")
    with django_assert_num_queries(QUEUE_QUERIES):
        client.get("/console/credentials/")
    for worker in (people.worker_b, people.shared_worker):
        submit_credential(actor=worker, data=health_input())
    with django_assert_num_queries(QUEUE_QUERIES):  # three rows cost what one did
        client.get("/console/credentials/")


def test_the_office_opens_a_shared_credential_and_the_worker_sees_who_looked(people):
    from django_tenants.utils import schema_context

    from tenant_apps.people.models import StaffMember

    credential = submit_credential(actor=people.shared_worker, data=health_input())
    with schema_context(people.company_a.schema_name):
        member_id = StaffMember.objects.get(user=people.shared_worker).pk
    office = Client(HTTP_HOST="alpha.localhost")
    office.force_login(people.dispatcher_a)

    page = office.get(f"/office/workers/{member_id}/").content.decode()
    assert "This worker has not shared any credentials with you." in page
    assert office.post(f"/office/workers/{member_id}/credentials/{credential.pk}/").status_code == 404

    share_credential(actor=people.shared_worker, credential_id=credential.pk, company_id=people.company_a.pk)
    page = office.get(f"/office/workers/{member_id}/").content.decode()
    assert "Health certificate" in page and "Chaoyang CDC" not in page  # details only when opened
    response = office.post(f"/office/workers/{member_id}/credentials/{credential.pk}/")
    assert response.status_code == 200 and "Chaoyang CDC" in response.content.decode()

    bravo = Client(HTTP_HOST="bravo.localhost")  # the other company: not shared with it
    bravo.force_login(people.owner_b)
    with schema_context(people.company_b.schema_name):
        bravo_member = StaffMember.objects.get(user=people.shared_worker).pk
    assert bravo.post(f"/office/workers/{bravo_member}/credentials/{credential.pk}/").status_code == 404

    mine = signed_in(people.shared_worker).get("/worker/credentials/").content.decode()
    assert "Dina Dispatcher" in mine and "Alpha Cleaning" in mine and "Bob Owner" not in mine
