"""Every API call that moves money takes an Idempotency-Key (issue 15.3): an endpoint whose name says
it pays, refunds, withdraws, pays out, settles or checks out has `@idempotent` on each writing method.
Providers' notifications are deduplicated by their event id instead, so they are not asked for one."""
import re

import pytest

from shared_apps.idempotency.keys import HEADER
from tests.core.test_api_permissions_declared import ALL_VIEWS

MONEY = re.compile(r"Pay|Refund|Withdraw|Payout|Settle|Checkout|Deposit|Tip", re.I)
# Names that match but move no money by their call (reads of settings, provider callbacks, previews).
NOT_MONEY = re.compile(r"Settings|Credentials|Notif|Callback|Webhook|Preview|Receipt|Report|List|Detail$", re.I)
WRITES = ("post", "put", "patch", "delete")

MONEY_VIEWS = sorted({(f"{c.__module__}.{c.__qualname__}", c) for _u, _r, c, _k in ALL_VIEWS
                      if MONEY.search(c.__name__) and not NOT_MONEY.search(c.__name__)}, key=lambda item: item[0])


def test_the_office_payment_received_is_among_them():
    assert "tenant_apps.orders.api.OfficeOrderConfirmPaymentApi" in {name for name, _c in MONEY_VIEWS}


@pytest.mark.parametrize("name, view_class", MONEY_VIEWS, ids=[name for name, _c in MONEY_VIEWS])
def test_a_money_endpoint_takes_an_idempotency_key(name, view_class):
    handlers = [getattr(view_class, method) for method in WRITES if hasattr(view_class, method)]

    assert all(getattr(handler, "is_idempotent", False) for handler in handlers), \
        f"{name} moves money: put @idempotent (shared_apps.idempotency.keys) on {', '.join(WRITES)}"


def test_the_header_is_in_the_api_schema(client_for, people):
    schema = client_for(people.company_a).get("/api/schema/?format=json").json()

    operation = schema["paths"]["/api/v1/office/orders/{order_id}/confirm-payment/"]["post"]
    [header] = [p for p in operation["parameters"] if p["name"] == HEADER]
    assert header["in"] == "header" and header["required"] is True
