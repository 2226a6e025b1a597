"""On S3 a lesson video goes to the bucket's presigned URL, which answers range requests itself and
lives as long as the lesson's link (the player keeps asking it for ranges)."""
from __future__ import annotations

import urllib.request

from django.core.files.base import ContentFile

from shared_apps.core.private_files import private_file_url
from shared_apps.core.storage import private_storage
from tests.credentials.test_storage import s3_endpoint, s3_private_storage  # noqa: F401, F811 (fixtures)

from .support import MP4_BYTES


def test_a_video_on_s3_is_ranged_by_the_bucket_through_a_link_as_long_as_ours(db, s3_private_storage, client):  # noqa: F811
    name = private_storage().save("courses/1/clip.mp4", ContentFile(MP4_BYTES))
    link = private_file_url(name, seconds=3600)
    response = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], HTTP_HOST="localhost")
    assert response.status_code == 302
    presigned = response["Location"]
    assert "X-Amz-Expires=3600&" in presigned
    request = urllib.request.Request(presigned, headers={"Range": "bytes=4-11"})
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (loopback only)
        assert answer.status == 206 and answer.read() == MP4_BYTES[4:12]
        assert answer.headers["Content-Range"] == f"bytes 4-11/{len(MP4_BYTES)}"
