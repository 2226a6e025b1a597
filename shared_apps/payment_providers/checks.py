"""Checks every adapter applies to an incoming notification before trusting it."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

from django.utils import timezone as django_timezone

from .interface import NOTIFICATION_TOLERANCE_SECONDS, MalformedNotification, MissingHeader, StaleNotification

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")  # China has kept UTC+8 without DST since 1991
_YUAN = re.compile(r"^(0|[1-9]\d{0,11})(\.\d{1,2})?$")
_FEN = re.compile(r"^(0|[1-9]\d{0,13})$")


def now() -> datetime:
    return django_timezone.now()


def beijing_now() -> datetime:
    return now().astimezone(BEIJING)


def lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Header names lower-cased, with dashes; Django's META names (HTTP_X_Y) are accepted too."""
    result = {}
    for name, value in dict(headers).items():
        key = str(name)
        if key.startswith("HTTP_"):
            key = key[5:].replace("_", "-")
        result[key.lower()] = str(value)
    return result


def require_headers(headers: Mapping[str, str], *names: str) -> list[str]:
    missing = [name for name in names if not headers.get(name.lower())]
    if missing:
        raise MissingHeader(f"missing header(s): {', '.join(missing)}")
    return [headers[name.lower()] for name in names]


def check_fresh(moment: datetime) -> None:
    """Refuse a timestamp more than five minutes away from our clock, in either direction."""
    if moment.tzinfo is None:
        raise MalformedNotification("timestamp without a time zone")
    age = abs((now() - moment).total_seconds())
    if age > NOTIFICATION_TOLERANCE_SECONDS:
        raise StaleNotification(f"timestamp {moment.isoformat()} is {int(age)} s away from now")


def unix_timestamp(value: str) -> datetime:
    if not re.fullmatch(r"\d{1,12}", value or ""):
        raise MalformedNotification(f"timestamp {value!r} is not unix seconds")
    return datetime.fromtimestamp(int(value), UTC)


def beijing_timestamp(value: str, fmt: str = "%Y-%m-%d %H:%M:%S") -> datetime:
    try:
        return datetime.strptime(value, fmt).replace(tzinfo=BEIJING)
    except (TypeError, ValueError):
        raise MalformedNotification(f"timestamp {value!r} is not {fmt} Beijing time") from None


def fen_from_yuan(value) -> int:
    """'12.30' -> 1230. Anything else than a plain decimal with at most two places is refused."""
    if not isinstance(value, str) or not _YUAN.fullmatch(value):
        raise MalformedNotification(f"amount {value!r} is not yuan with at most two decimals")
    try:
        return int((Decimal(value) * 100).to_integral_exact())
    except InvalidOperation:
        raise MalformedNotification(f"amount {value!r}") from None


def yuan_from_fen(amount_fen: int) -> str:
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen < 0:
        raise ValueError(f"amount {amount_fen!r} is not a whole number of fen")
    return f"{amount_fen // 100}.{amount_fen % 100:02d}"


def fen_from_int(value) -> int:
    """A JSON integer number of fen (not a float, not a bool, not a string, not negative)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MalformedNotification(f"amount {value!r} is not whole fen")
    return value


def fen_from_digits(value) -> int:
    """UnionPay's txnAmt: a string of digits, fen."""
    if not isinstance(value, str) or not _FEN.fullmatch(value):
        raise MalformedNotification(f"amount {value!r} is not whole fen")
    return int(value)


def require_currency(value, expected: str = "CNY") -> str:
    if value != expected:
        raise MalformedNotification(f"currency {value!r} is not {expected}")
    return value
