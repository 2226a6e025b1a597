"""Phone numbers are stored in E.164; anything a person types is parsed with `phonenumbers`."""
import phonenumbers
from django.conf import settings


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str, region: str | None = None) -> str:
    """'138 0013 8000' (region CN) or '+8613800138000' -> '+8613800138000'; InvalidPhone otherwise."""
    text = (raw or "").strip()
    if not text:
        raise InvalidPhone("empty")
    try:
        number = phonenumbers.parse(text, region or settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(str(exc)) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone("not a valid number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    """+8613800138000 -> +86 138****8000: enough for a worker to recognise, not to call around."""
    if not e164 or len(e164) < 8:
        return "****"
    return f"{e164[:-8]}****{e164[-4:]}"
