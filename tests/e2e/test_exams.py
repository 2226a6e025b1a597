"""An operator writes an exam; a worker takes it, passes, gets a certificate and a level, and the
public verify page shows it (issue 18 point 6)."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone
from tests.e2e.test_credentials import sign_in
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e


def test_a_worker_takes_an_exam_passes_and_the_certificate_can_be_checked(live, new_page):
    from shared_apps.accounts.models import User

    worker_phone = unique_phone()
    User.objects.create_user(phone=worker_phone, password=PASSWORD, name="Liu Yang")
    operator, worker, visitor = new_page(), new_page(), new_page()

    # given: an operator writes a platform exam of two questions, both drawn
    sign_in(live, operator, "/console/login/", "ops@doorstep.example", password_link=False)
    operator.get_by_role("link", name="Exams").click()
    form = operator.get_by_role("form", name="New exam")
    form.get_by_label("Title").fill("Gas safety basics")
    form.get_by_label("Skill certified").fill("Gas fitter")
    form.get_by_label("Level a pass gives").fill("2")
    form.get_by_label("Questions per attempt").fill("2")
    form.get_by_label("Time limit (minutes)").fill("15")
    form.get_by_label("Pass mark (%)").fill("100")
    form.get_by_role("button", name="Create the exam").click()
    expect(operator.get_by_text("Exam created: now add its questions.")).to_be_visible()
    form = operator.get_by_role("form", name="Add a question")
    form.get_by_label("Kind of question").select_option(label="Multiple choice")
    form.get_by_label("Question", exact=True).fill("What do you do when you smell gas?")
    form.get_by_label("Choices").fill("*Open the windows\n*Close the valve\nLight a match")
    form.get_by_role("button", name="Add the question").click()
    expect(operator.get_by_text("Question added.")).to_be_visible()
    form = operator.get_by_role("form", name="Add a question")
    form.get_by_label("Kind of question").select_option(label="True or false")
    form.get_by_label("Question", exact=True).fill("A gas hose lasts forever.")
    form.get_by_role("button", name="Add the question").click()
    expect(operator.locator("#questions tbody tr")).to_have_count(2)

    # when: the worker takes it and hands in the right answers
    sign_in(live, worker, "/worker/login/", worker_phone)
    worker.get_by_role("link", name="Exams").click()
    exam = worker.locator("section[data-exam]", has_text="Gas safety basics")
    expect(exam.get_by_test_id("attempts")).to_have_text("Attempts used: 0 of 3")
    exam.get_by_role("button", name="Start the exam").click()
    expect(worker.get_by_text("Answers sent later are not counted.")).to_be_visible()
    expect(worker.locator("#time-left")).to_have_text(re.compile(r"1[45]:\d\d"))
    gas = worker.locator("fieldset", has_text="smell gas")
    gas.get_by_label("Open the windows").check()
    gas.get_by_label("Close the valve").check()
    worker.locator("fieldset", has_text="lasts forever").get_by_label("False").check()
    worker.get_by_role("button", name="Save answers").click()
    expect(worker.get_by_text("Answers saved.")).to_be_visible()
    expect(worker.locator("fieldset", has_text="smell gas").get_by_label("Close the valve")).to_be_checked()
    worker.get_by_role("button", name="Hand in").click()

    # then: a pass, a certificate with a code, a level, and a public page that confirms it
    result = worker.locator("#result")
    expect(result).to_contain_text("Passed")
    expect(result.get_by_test_id("score")).to_have_text("2 of 2 right: 100% (pass mark 100%)")
    expect(result).to_contain_text("Gas fitter, level 2")
    code = result.get_by_test_id("certificate-code").inner_text()
    worker.get_by_role("link", name="Back to exams").click()
    expect(worker.locator("#skill-levels")).to_contain_text("Gas fitter: level 2")
    expect(worker.locator("#certificates")).to_contain_text(code)

    visitor.goto(live.url(None, f"/verify/{code}/"))
    certificate = visitor.locator("#certificate")
    expect(certificate.get_by_test_id("validity")).to_have_text("Valid")
    expect(certificate.get_by_test_id("holder")).to_have_text("Liu Yang")
    expect(certificate.get_by_test_id("exam")).to_have_text("Gas safety basics")
    expect(certificate).not_to_contain_text(worker_phone)
    assert visitor.goto(live.url(None, "/verify/NOSUCHCODE99/")).status == 404
