"""Error codes of after-sales cases."""
from enum import StrEnum


class CaseError(StrEnum):
    ILLEGAL_TRANSITION = "illegal_transition"
    NOT_REPORTABLE = "not_reportable"
    REPORT_WINDOW_CLOSED = "report_window_closed"
    CASE_EXISTS = "case_exists"
    NOT_A_DAMAGE_CASE = "not_a_damage_case"
    REMEDY_NOT_READY = "remedy_not_ready"
    NOTHING_TO_REFUND = "nothing_to_refund"
    NO_LOCATION_EVIDENCE = "no_location_evidence"
