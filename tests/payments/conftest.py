"""Payment settings test set-up: locally generated keys and certificates, and a finance staff member."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class Keys:
    private_pem: str  # an RSA 2048 key, PKCS#8 PEM
    private_body: str  # its base64 body without the armour lines (what must never be found in clear)
    public_pem: str
    certificate_pem: str
    ec_private_pem: str  # not RSA: refused


def _certificate(key) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "doorstep test merchant")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + timedelta(days=30)).sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def generate_keys() -> Keys:
    """A fresh RSA key with its public key and a self-signed certificate, and an EC key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
    body = "".join(line for line in private_pem.splitlines() if not line.startswith("-----"))
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    return Keys(private_pem, body, public_pem, _certificate(key), ec_pem)


@pytest.fixture(scope="session")
def keys() -> Keys:
    return generate_keys()


API_V3_KEY = "Q7fK2mN9pX4vB8cR1tY6wZ3hJ5sL0aDe"


def wechat_credentials(keys: Keys, **changes) -> dict[str, str]:
    values = {"mchid": "1900000109", "appid": "wx8888888888888888", "api_v3_key": API_V3_KEY,
              "private_key": keys.private_pem, "cert_serial": "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"}
    values.update(changes)
    return values


@pytest.fixture
def finance_a(people):
    """Company A's dispatcher, made finance for this test (rolled back with it)."""
    from tenant_apps.people.models import StaffMember, StaffRole
    from tenant_apps.people.services import change_staff_member
    from tests.workforce.builders import enter

    enter(people.company_a)
    member = StaffMember.objects.get(user=people.dispatcher_a)
    change_staff_member(actor=people.owner_a, company=people.company_a, member=member, role=StaffRole.FINANCE)
    return people.dispatcher_a
