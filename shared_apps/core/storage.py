"""Where uploaded files go: under tenants/<company id>/ so a company's files stay together."""
import uuid
from pathlib import PurePosixPath

from django.core.files.storage import Storage
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
    that no URL serves."""
    from django.core.files.storage import storages

    return storages["private"]


@deconstructible
class PrivateStorage(Storage):
    """A FileField's storage that asks STORAGES["private"] on every call, so the backend follows the
    settings at run time (a field evaluates its storage once, when the model class is made)."""

    def _backend(self):
        return private_storage()

    def open(self, name, mode="rb"):
        return self._backend().open(name, mode)

    def save(self, name, content, max_length=None):
        return self._backend().save(name, content, max_length=max_length)

    def generate_filename(self, filename):
        return self._backend().generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self._backend().get_available_name(name, max_length=max_length)

    def delete(self, name):
        return self._backend().delete(name)

    def exists(self, name):
        return self._backend().exists(name)

    def size(self, name):
        return self._backend().size(name)

    def url(self, name):
        return self._backend().url(name)

    def path(self, name):
        return self._backend().path(name)

    def listdir(self, path):
        return self._backend().listdir(path)

    def __eq__(self, other) -> bool:
        return isinstance(other, PrivateStorage)

    def __hash__(self) -> int:
        return hash(PrivateStorage)


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
