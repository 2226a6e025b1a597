"""Workforce test set-up: tests run in company A's schema (Asia/Shanghai) unless they say otherwise."""
import pytest

from tests.workforce.builders import enter


@pytest.fixture
def alpha(people):
    enter(people.company_a)
    return people.company_a
