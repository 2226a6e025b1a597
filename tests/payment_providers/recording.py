"""A transport that records every request and answers from a queue: adapters are tested without
network, on the requests they sign."""
from __future__ import annotations

from shared_apps.payment_providers.transport import HttpRequest, HttpResponse


class RecordingTransport:
    def __init__(self, *answers: HttpResponse):
        self.answers = list(answers)
        self.sent: list[HttpRequest] = []

    def send(self, request: HttpRequest) -> HttpResponse:
        self.sent.append(request)
        if not self.answers:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        return self.answers.pop(0)
