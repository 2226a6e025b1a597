"""Outgoing money events are signed like providers sign theirs: HMAC-SHA256 over timestamp and body."""
import hashlib
import hmac

import pytest

from tenant_apps.payments.webhooks import HEADER, SignatureRefused, sign_event, verify_event

BODY = b'{"kind":"payment.succeeded","order_id":7,"amount_fen":12800}'


def test_a_receiver_recomputes_the_documented_signature():
    header = sign_event(secrets=["whsec_1"], body=BODY, timestamp=1_800_000_000)[HEADER]

    expected = hmac.new(b"whsec_1", b"1800000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1800000000,v1={expected}"
    assert verify_event(secret="whsec_1", header=header, body=BODY, now=1_800_000_010) == 1_800_000_000


@pytest.mark.parametrize("secret, body, now", [
    ("another", BODY, 1_800_000_000),  # forged
    ("whsec_1", BODY.replace(b"12800", b"99999"), 1_800_000_000),  # tampered
    ("whsec_1", BODY, 1_800_000_000 + 301),  # replayed later
])
def test_forged_tampered_and_stale_events_are_refused(secret, body, now):
    header = sign_event(secrets=["whsec_1"], body=BODY, timestamp=1_800_000_000)[HEADER]

    with pytest.raises(SignatureRefused):
        verify_event(secret=secret, header=header, body=body, now=now)


def test_while_rotating_either_secret_verifies():
    header = sign_event(secrets=["new", "old"], body=BODY, timestamp=1_800_000_000)[HEADER]

    assert verify_event(secret="old", header=header, body=BODY, now=1_800_000_000)
    assert verify_event(secret="new", header=header, body=BODY, now=1_800_000_000)
