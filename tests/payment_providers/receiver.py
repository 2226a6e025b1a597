"""A merchant's notify endpoint for tests with real processes, and the clean-up of a committed
sandbox merchant."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.processes import wait_for


class Receiver:
    """The merchant's notify endpoint: records every POST; answers `failures` 500s first."""

    def __init__(self):
        self.received: list[tuple[dict, bytes]] = []
        self.failures = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.send_response(500)
                else:
                    receiver.received.append((dict(self.headers.items()), body))
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/notify"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def notifications(self, provider, count: int):
        wait_for(lambda: len(self.received) >= count, timeout=30, message=f"{count} notification(s)")
        return [provider.verify_notification(headers=headers, body=body) for headers, body in self.received]


def remove_sandbox_merchant(merchant_id: str) -> None:
    from shared_apps.payment_providers.models import (
        SandboxDelivery,
        SandboxDeliveryAttempt,
        SandboxMerchant,
        SandboxPayment,
        SandboxRefund,
        SandboxTransfer,
    )

    # The worker records an attempt after the receiver has answered: wait for it to finish.
    wait_for(lambda: not SandboxDelivery.objects.filter(merchant__merchant_id=merchant_id, status="pending").exists(),
             timeout=30, message="the sandbox's deliveries to finish")
    SandboxDeliveryAttempt.objects.filter(delivery__merchant__merchant_id=merchant_id).delete()
    SandboxDelivery.objects.filter(merchant__merchant_id=merchant_id).delete()
    SandboxRefund.objects.filter(payment__merchant__merchant_id=merchant_id).delete()
    SandboxPayment.objects.filter(merchant__merchant_id=merchant_id).delete()
    SandboxTransfer.objects.filter(merchant__merchant_id=merchant_id).delete()
    SandboxMerchant.objects.filter(merchant_id=merchant_id).delete()
