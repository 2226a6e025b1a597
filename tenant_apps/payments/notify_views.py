"""Where providers post their notifications, on the company's own host: /payments/notify/<provider>/.
No session, no CSRF token (the provider's signature is the proof); the body is read raw, as signed."""
from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import anyone
from shared_apps.payment_providers.registry import ADAPTERS

from .checkout import receive_notification


@anyone  # the provider's signature is checked instead of a session
@csrf_exempt
@require_POST
def provider_notification(request, provider: str):
    if provider not in ADAPTERS:
        raise Http404
    answer = receive_notification(provider=provider, headers=request.headers, body=request.body)
    return HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)
