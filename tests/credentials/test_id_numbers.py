"""Chinese resident ID numbers: checked with python-stdnum, stored sealed, shown masked."""
import pytest

from shared_apps.core.errors import ValidationFailed
from shared_apps.core.sealing import unseal
from shared_apps.credentials.idcards import clean_id_number
from shared_apps.credentials.services import submit_credential

from .support import BAD_CHECKSUM_ID, BAD_DATE_ID, VALID_ID, id_card_input


def test_a_valid_number_is_accepted_in_compact_form():
    assert clean_id_number("110105 19491231 002x") == VALID_ID


@pytest.mark.parametrize(("number", "message"), [
    (BAD_CHECKSUM_ID, "check digit is wrong"),
    (BAD_DATE_ID, "birth date or region that does not exist"),
    ("11010519491231", "18 characters"),
    ("1101051949123100AX", "17 digits followed by a digit or X"),
])
def test_a_wrong_number_says_what_is_wrong(number, message):
    with pytest.raises(ValueError, match=message):
        clean_id_number(number)


def test_the_number_is_sealed_at_rest_and_shown_masked(people):
    credential = submit_credential(actor=people.worker_a, data=id_card_input())
    credential.refresh_from_db()
    assert VALID_ID not in credential.number_sealed
    assert unseal(credential.number_sealed) == {"number": VALID_ID}
    assert credential.masked_number == "**************002X"
    assert credential.name_verified is True


def test_a_bad_checksum_is_a_field_error_and_nothing_is_stored(people):
    with pytest.raises(ValidationFailed) as error:
        submit_credential(actor=people.worker_a, data=id_card_input(number=BAD_CHECKSUM_ID))
    assert "check digit" in error.value.fields["number"][0]
    assert not people.worker_a.credentials.exists()


def test_the_real_name_service_flags_a_name_that_does_not_match(people):
    credential = submit_credential(actor=people.worker_a, data=id_card_input(name_on_document="Mismatch Li"))
    assert credential.status == "submitted" and credential.name_verified is False
