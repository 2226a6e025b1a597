"""Credential files in private storage: S3 (a real local S3 endpoint, moto's server) with presigned
links that expire, or local disk behind signed links; bytes checked, images re-encoded."""
from __future__ import annotations

import io
import time
import urllib.error
import urllib.request

import pytest
from django.core.exceptions import ValidationError

from shared_apps.core.private_files import private_file_url
from shared_apps.core.uploads import clean_document
from shared_apps.credentials.services import Document, submit_credential

from .support import health_input, jpeg_bytes, upload

BUCKET = "doorstep-private-test"


def fetch(url: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback only)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 in server mode on a free loopback port: real HTTP, real signatures."""
    import boto3
    from moto.server import ThreadedMotoServer

    from tests.processes import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test").create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3_private_storage(s3_endpoint, settings):
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": "us-east-1", "access_key": "test",
        "secret_key": "test", "location": "private", "default_acl": "private", "querystring_auth": True,
        "querystring_expire": 300, "file_overwrite": False, "signature_version": "s3v4",
    }}}
    return s3_endpoint


def test_an_upload_lands_in_the_bucket_and_opens_only_through_a_signed_link_that_expires(people, s3_private_storage,
                                                                                         client):
    import boto3

    credential = submit_credential(actor=people.worker_a, data=health_input())
    stored = credential.files.get()
    s3 = boto3.client("s3", endpoint_url=s3_private_storage, region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
    key = f"private/{stored.file.name}"
    head = s3.head_object(Bucket=BUCKET, Key=key)  # really in S3, under the private prefix
    assert head["ContentLength"] == stored.size
    assert fetch(f"{s3_private_storage}/{BUCKET}/{key}")[0] == 403  # private object: no signature, no file

    link = local_path(private_file_url(stored.file.name, seconds=3))
    response = client.get(link, HTTP_HOST="localhost")
    assert response.status_code == 302
    presigned = response["Location"]
    assert presigned.startswith(s3_private_storage) and "X-Amz-Signature=" in presigned
    assert "X-Amz-Expires=30&" in presigned  # the bucket's own link is short-lived too
    status, body = fetch(presigned)
    assert status == 200 and body[:2] == b"\xff\xd8"  # the JPEG, over HTTP from the S3 endpoint

    time.sleep(4.2)
    response = client.get(link, HTTP_HOST="localhost")
    assert response.status_code == 403 and b"expired" in response.content


def local_path(url: str) -> str:
    """The path of a link on the platform host (the test client talks to Django directly)."""
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_on_local_disk_the_signed_link_expires_too(people, client):
    credential = submit_credential(actor=people.worker_a, data=health_input())
    name = credential.files.get().file.name
    path = local_path(private_file_url(name, seconds=3))
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert client.get(path[:-3] + "abc", HTTP_HOST="localhost").status_code == 403  # tampered
    time.sleep(4.2)
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 403 and b"expired" in response.content


def test_private_files_are_not_under_the_public_media_url(people, client, settings):
    credential = submit_credential(actor=people.worker_a, data=health_input())
    name = credential.files.get().file.name
    assert client.get(f"{settings.MEDIA_URL}{name}", HTTP_HOST="localhost").status_code == 404


def test_images_are_re_encoded_without_their_exif():
    from PIL import Image

    data, content_type, suffix = clean_document(upload(data=jpeg_bytes(exif_make="SecretCam")))
    assert (content_type, suffix) == ("image/jpeg", ".jpg")
    assert b"SecretCam" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and not image.getexif()


@pytest.mark.parametrize("payload", [b"MZ\x90\x00 not an image", b"<html><script>alert(1)</script>",
                                     b"GIF89a" + b"\x00" * 40])
def test_the_type_comes_from_the_bytes_not_the_name(payload):
    with pytest.raises(ValidationError) as error:
        clean_document(upload(name="photo.jpg", data=payload))
    assert error.value.code == "invalid_format"


def test_a_pdf_is_kept_as_it_is():
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    assert clean_document(upload(name="cert.pdf", data=pdf, content_type="application/pdf")) == (
        pdf, "application/pdf", ".pdf")


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_IMAGE_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        clean_document(upload(data=jpeg_bytes(size=(400, 400))))
    assert error.value.code == "too_large"


def test_document_dataclass_is_what_services_store(people):
    credential = submit_credential(actor=people.worker_a, data=health_input(documents=[
        Document(data=b"%PDF-1.4 x", content_type="application/pdf", suffix=".pdf")]))
    stored = credential.files.get()
    assert stored.file.name.startswith(f"credentials/{people.worker_a.pk}/") and stored.file.name.endswith(".pdf")
