"""Chinese resident ID numbers (居民身份证号码): checked with python-stdnum, masked for display."""
from __future__ import annotations

import re

from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError


def clean_id_number(raw: str) -> str:
    """The number in its compact form (18 characters, X upper case), or a ValueError whose message
    says what is wrong: length, characters, check digit, or the birth date and place inside it."""
    number = re.sub(r"[\s-]", "", ric.compact(raw or "")).upper()
    try:
        return ric.validate(number)
    except InvalidLength:
        raise ValueError(_("An ID number has 18 characters.")) from None
    except InvalidFormat:
        raise ValueError(_("An ID number is 17 digits followed by a digit or X.")) from None
    except InvalidChecksum:
        raise ValueError(_("This ID number's check digit is wrong; please check for a typo.")) from None
    except InvalidComponent:
        raise ValueError(_("This ID number holds a birth date or region that does not exist.")) from None
    except ValidationError:
        raise ValueError(_("This is not a valid ID number.")) from None


def mask(number: str) -> str:
    return f"{'*' * 14}{number[-4:]}" if number else ""
