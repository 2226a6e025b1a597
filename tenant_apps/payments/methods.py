"""What each online method needs: its credential fields, their checks, and the sub-merchant id's form.

A check returns the value as it will be stored (keys normalised to PEM) or raises Refused with a
message for people. Messages never repeat the value: it may be a secret.
"""
from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Method

_PEM = re.compile(r"-----BEGIN ([A-Z ]+)-----(.+?)-----END \1-----", re.S)


def _pattern(regex: str, message: Callable[[], str]) -> Callable[[str], str]:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise Refused(message())
        return value

    return check


class Refused(ValueError):
    """A value that cannot be stored, with the message for people."""


def _der_of(value: str) -> bytes:
    """Bare base64 (as Alipay's key tool writes keys) to bytes; anything else is not a key."""
    try:
        return base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        raise Refused(_("This is not a key: paste the whole PEM text, with its BEGIN and END lines.")) from None


def private_key(value: str) -> str:
    """An RSA private key of at least 2048 bits, stored as PEM (PKCS#8 when it came bare)."""
    value = value.replace("\r\n", "\n").strip()
    try:
        if "-----BEGIN" in value:
            key = serialization.load_pem_private_key(value.encode(), password=None)
        else:
            key = serialization.load_der_private_key(_der_of(value), password=None)
    except TypeError:
        raise Refused(_("This key is protected by a password: export it without one.")) from None
    except Refused:
        raise
    except (ValueError, UnsupportedAlgorithm):
        raise Refused(_("This is not a valid private key: paste the whole PEM text, with its BEGIN and "
                           "END lines.")) from None
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
        raise Refused(_("An RSA private key of 2048 bits or more is needed."))
    if "-----BEGIN" in value:
        return value + "\n"
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def public_key(value: str) -> str:
    value = value.replace("\r\n", "\n").strip()
    try:
        if "-----BEGIN" in value:
            key = serialization.load_pem_public_key(value.encode())
        else:
            key = serialization.load_der_public_key(_der_of(value))
    except Refused:
        raise
    except (ValueError, UnsupportedAlgorithm):
        raise Refused(_("This is not a valid public key.")) from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise Refused(_("An RSA public key is needed."))
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def certificate(value: str) -> str:
    value = value.replace("\r\n", "\n").strip()
    try:
        x509.load_pem_x509_certificate(value.encode())
    except (ValueError, UnsupportedAlgorithm):
        raise Refused(_("This is not a certificate: paste the whole PEM text, with its BEGIN and END "
                           "lines.")) from None
    return value + "\n"


def certificate_chain(value: str) -> str:
    """Alipay's root certificate file: several certificates, some in algorithms (SM2) that cannot be
    parsed here; each must at least be a PEM certificate block."""
    value = value.replace("\r\n", "\n").strip()
    blocks = _PEM.findall(value)
    if not blocks or any(kind != "CERTIFICATE" for kind, _body in blocks):
        raise Refused(_("This is not a certificate file: paste the whole PEM text, with its BEGIN and END "
                           "lines."))
    return value + "\n"


def api_v3_key(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9]{32}", value):
        raise Refused(_("The API v3 key is exactly 32 letters and digits (set in the WeChat Pay merchant "
                           "platform)."))
    return value


@dataclass(frozen=True)
class CredentialField:
    name: str
    label: Promise
    check: Callable[[str], str]
    secret: bool = False  # never echoed back into a form, even the one that was just refused
    multiline: bool = False
    required: bool = True  # needed to take live payments in own-account mode
    help: Promise | str = ""


@dataclass(frozen=True)
class OnlineMethod:
    method: str
    fields: tuple[CredentialField, ...]
    sub_merchant: Callable[[str], str]
    sub_merchant_help: Promise

    def field(self, name: str) -> CredentialField:
        return next(f for f in self.fields if f.name == name)

    def missing(self, stored: dict[str, str]) -> list[str]:
        """Names of the credentials still needed to take live payments in own-account mode."""
        missing = [f.name for f in self.fields if f.required and not stored.get(f.name)]
        if self.method == Method.ALIPAY:
            certs = ("app_cert", "alipay_cert", "alipay_root_cert")
            cert_mode = any(stored.get(name) for name in certs)
            if cert_mode:
                missing += [name for name in certs if not stored.get(name)]
            elif not stored.get("alipay_public_key"):
                missing.append("alipay_public_key")
        return missing


ONLINE = {
    Method.WECHAT_PAY: OnlineMethod(
        Method.WECHAT_PAY,
        fields=(
            CredentialField("mchid", gettext_lazy("Merchant ID (mchid)"),
                            _pattern(r"\d{8,12}", lambda: _("A WeChat Pay merchant ID is 8 to 12 digits."))),
            CredentialField("appid", gettext_lazy("App ID (appid)"),
                            _pattern(r"wx[0-9a-f]{16}",
                                     lambda: _("An app ID starts with wx followed by 16 characters 0-9, a-f."))),
            CredentialField("api_v3_key", gettext_lazy("API v3 key"), api_v3_key, secret=True),
            CredentialField("private_key", gettext_lazy("Merchant private key (apiclient_key.pem)"), private_key,
                            secret=True, multiline=True),
            CredentialField("cert_serial", gettext_lazy("Merchant certificate serial number"),
                            _pattern(r"[0-9A-Fa-f]{8,40}",
                                     lambda: _("A certificate serial number is 8 to 40 hexadecimal characters."))),
        ),
        sub_merchant=_pattern(r"\d{8,12}", lambda: _("A WeChat Pay sub-merchant ID (sub_mchid) is 8 to 12 digits.")),
        sub_merchant_help=gettext_lazy("The sub_mchid WeChat Pay gave you under the platform's service provider."),
    ),
    Method.ALIPAY: OnlineMethod(
        Method.ALIPAY,
        fields=(
            CredentialField("app_id", gettext_lazy("App ID"),
                            _pattern(r"\d{16}", lambda: _("An Alipay app ID is 16 digits."))),
            CredentialField("app_private_key", gettext_lazy("App private key"), private_key, secret=True,
                            multiline=True),
            CredentialField("alipay_public_key", gettext_lazy("Alipay public key (public key mode)"), public_key,
                            multiline=True, required=False),
            CredentialField("app_cert", gettext_lazy("App public key certificate (certificate mode)"), certificate,
                            multiline=True, required=False),
            CredentialField("alipay_cert", gettext_lazy("Alipay public key certificate (certificate mode)"),
                            certificate, multiline=True, required=False),
            CredentialField("alipay_root_cert", gettext_lazy("Alipay root certificate (certificate mode)"),
                            certificate_chain, multiline=True, required=False,
                            help=gettext_lazy("Certificate mode is needed to pay workers out through Alipay.")),
        ),
        sub_merchant=_pattern(r"2088\d{12}", lambda: _("An Alipay merchant ID (PID) is 2088 followed by 12 digits.")),
        sub_merchant_help=gettext_lazy("Your Alipay merchant ID (PID, 2088…) under the platform's service provider."),
    ),
    Method.UNIONPAY: OnlineMethod(
        Method.UNIONPAY,
        fields=(
            CredentialField("merchant_id", gettext_lazy("Merchant ID"),
                            _pattern(r"\d{15}", lambda: _("A UnionPay merchant ID is 15 digits."))),
            CredentialField("signing_key", gettext_lazy("Signing private key"), private_key, secret=True,
                            multiline=True),
            CredentialField("signing_cert", gettext_lazy("Signing certificate"), certificate, multiline=True),
        ),
        sub_merchant=_pattern(r"\d{15}", lambda: _("A UnionPay sub-merchant ID is 15 digits.")),
        sub_merchant_help=gettext_lazy("The sub-merchant ID UnionPay gave you under the platform's acquirer."),
    ),
}


def ends_with(value: str) -> str:
    """The last four characters of a stored credential (of a PEM's base64 body): enough to tell
    which one is set, too little to use."""
    match = _PEM.search(value)
    body = "".join((match.group(2) if match else value).split())
    return body[-4:]
