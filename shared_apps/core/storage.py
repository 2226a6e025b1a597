"""Where uploaded files go: under tenants/<company id>/ so a company's files stay together."""
import uuid
from pathlib import PurePosixPath

from django.db import connection
from django.utils.deconstruct import deconstructible


@deconstructible
class CompanyUploadPath:
    """upload_to for company files: tenants/<company id>/<folder>/<random>.<ext>.

    The company id, not the schema name, so that renaming a schema never orphans files.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        company_id = getattr(instance, "company_id", None)
        if company_id is None and instance.__class__.__name__ == "Company":
            company_id = instance.pk
        if company_id is None:
            company_id = getattr(getattr(connection, "tenant", None), "pk", None) or "platform"
        suffix = PurePosixPath(filename).suffix.lower()[:10]
        return f"tenants/{company_id}/{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, CompanyUploadPath) and other.folder == self.folder


def private_storage():
    """The storage of private files (STORAGES["private"]): S3 with presigned links, or a local folder
    that no URL serves. A callable, so settings (and tests) pick the backend at run time."""
    from django.core.files.storage import storages

    return storages["private"]


@deconstructible
class PrivateUploadPath:
    """upload_to for a person's private files: <folder>/<owner id>/<random>.<ext> in private storage."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        owner = getattr(instance, "worker_id", None) or "anonymous"
        suffix = PurePosixPath(filename).suffix.lower()[:10]
        return f"{self.folder}/{owner}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, PrivateUploadPath) and other.folder == self.folder
