"""Django auth backend: users are looked up by id for sessions; sign-in goes through services."""
from django.contrib.auth.backends import ModelBackend


class PhoneOrEmailBackend(ModelBackend):
    """Password checks happen in services.authenticate_with_password (rate limits, history); this
    backend only restores the user of a session and refuses banned users (is_active is False)."""

    def authenticate(self, request, **credentials):
        return None
