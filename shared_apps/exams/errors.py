"""Error codes of exams, attempts and certificates."""
from enum import StrEnum


class ExamError(StrEnum):
    NOT_ENOUGH_QUESTIONS = "exam_not_enough_questions"
    NO_ATTEMPTS_LEFT = "exam_no_attempts_left"
    COOLING_DOWN = "exam_cooling_down"
    ALREADY_PASSED = "exam_already_passed"
    TIME_UP = "exam_time_up"
    ATTEMPT_CLOSED = "exam_attempt_closed"
