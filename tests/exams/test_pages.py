"""The worker's exam pages, the console's authoring pages and the public verify page, through HTTP."""
from datetime import timedelta

from django.test import Client

from shared_apps.exams.models import Attempt
from shared_apps.exams.services import start_attempt, submit_attempt

from .support import make_exam, right_answers

WORKER_EXAMS_QUERIES = 9  # each: the whole signed-in page, whatever the number of rows
CONSOLE_EXAMS_QUERIES = 6
CONSOLE_EXAM_QUERIES = 8


def signed_in(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _form(attempt) -> dict:
    return {f"q-{question_id}": choices for question_id, choices in right_answers(attempt).items()}


def test_a_worker_takes_an_exam_and_sees_the_certificate(people):
    exam = make_exam(people.operator)
    client = signed_in(people.worker_a)
    assert "Electrical safety" in client.get("/worker/exams/").content.decode()
    response = client.post(f"/worker/exams/{exam.pk}/start/")
    attempt = Attempt.objects.get(worker=people.worker_a)
    assert response.url == f"/worker/exams/attempts/{attempt.pk}/"
    page = client.get(response.url).content.decode()
    assert "Hand in by" in page and "switch off the breaker" in page
    page = client.post(f"/worker/exams/attempts/{attempt.pk}/answer/", {**_form(attempt), "action": "submit"},
                       follow=True).content.decode()
    attempt.refresh_from_db()
    assert "Passed" in page and "3 of 3 right: 100%" in page and attempt.certificate.code in page
    assert attempt.certificate.code in client.get("/worker/exams/").content.decode()


def test_answers_sent_after_the_deadline_are_refused_with_a_message(people):
    exam = make_exam(people.operator)
    client = signed_in(people.worker_a)
    client.post(f"/worker/exams/{exam.pk}/start/")
    attempt = Attempt.objects.get(worker=people.worker_a)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=attempt.started_at - timedelta(seconds=1))
    assert "Time is up" in client.get(f"/worker/exams/attempts/{attempt.pk}/").content.decode()
    assert Attempt.objects.get(pk=attempt.pk).submitted_at is None  # a GET writes nothing
    page = client.post(f"/worker/exams/attempts/{attempt.pk}/answer/", {**_form(attempt), "action": "save"},
                       follow=True).content.decode()
    assert "answers sent after the deadline were not counted" in page and "Not passed" in page


def test_the_cool_down_message_is_shown_on_the_exams_page(people):
    exam = make_exam(people.operator, pass_mark=100)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    submit_attempt(actor=people.worker_a, attempt_id=attempt.pk, answers={})
    page = signed_in(people.worker_a).post(f"/worker/exams/{exam.pk}/start/", follow=True).content.decode()
    assert "You can try again from" in page and "Attempts used: 1 of 2" in page


def test_a_company_exam_is_not_listed_nor_startable_for_other_workers(people):
    exam = make_exam(people.operator, company_id=people.company_b.pk, title="Bravo wiring rules")
    outsider = signed_in(people.worker_a)
    assert "Bravo wiring rules" not in outsider.get("/worker/exams/").content.decode()
    outsider.post(f"/worker/exams/{exam.pk}/start/")
    assert not Attempt.objects.filter(worker=people.worker_a).exists()
    page = signed_in(people.worker_b).get("/worker/exams/").content.decode()
    assert "Bravo wiring rules" in page and "For the workers of Bravo Repairs" in page


def test_another_workers_attempt_is_not_found(people):
    exam = make_exam(people.operator)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    assert signed_in(people.worker_b).get(f"/worker/exams/attempts/{attempt.pk}/").status_code == 404


def test_the_verify_page_shows_whose_certificate_and_nothing_private(people):
    exam = make_exam(people.operator)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    attempt = submit_attempt(actor=people.worker_a, attempt_id=attempt.pk, answers=right_answers(attempt))
    page = Client(HTTP_HOST="localhost").get(f"/verify/{attempt.certificate.code}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Valid" in text and people.worker_a.name in text and "Electrical safety" in text
    assert people.worker_a.phone not in text


def test_an_unknown_code_is_404(db):
    assert Client(HTTP_HOST="localhost").get("/verify/NOSUCHCODE23/").status_code == 404


def test_a_withdrawn_certificate_says_not_valid(people):
    from django.utils import timezone

    exam = make_exam(people.operator)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    attempt = submit_attempt(actor=people.worker_a, attempt_id=attempt.pk, answers=right_answers(attempt))
    certificate = attempt.certificate
    certificate.revoked_at = timezone.now()
    certificate.save()
    assert "Not valid" in Client(HTTP_HOST="localhost").get(f"/verify/{certificate.code}/").content.decode()


def test_an_operator_creates_an_exam_and_adds_questions(people):
    client = signed_in(people.operator)
    response = client.post("/console/exams/new/", {
        "title": "Plumbing basics", "skill": "Plumber", "level": 1, "company": "", "questions_per_attempt": 1,
        "time_limit_minutes": 10, "pass_mark": 50, "max_attempts": 3, "cooldown_hours": 0})
    assert response.status_code == 302
    exam_url = response.url
    refused = client.post(exam_url + "questions/new/", {"kind": "single", "text": "Pick", "choices": "*A\n*B"})
    assert refused.status_code == 400 and "exactly one right answer" in refused.content.decode()
    client.post(exam_url + "questions/new/", {"kind": "true_false", "text": "Water conducts", "is_true": "on"})
    page = client.get(exam_url).content.decode()
    assert "Water conducts" in page and "✓ True" in page
    assert signed_in(people.worker_a).get("/console/exams/").status_code == 403


def test_the_author_sees_difficulty_and_discrimination(people):
    from shared_apps.exams.selectors import question_analysis

    exam = make_exam(people.operator, questions=2, pass_mark=50, cooldown_hours=0)
    first, second = exam.questions.order_by("id")
    for worker, right in ((people.worker_a, 2), (people.worker_b, 1), (people.shared_worker, 0)):
        attempt = start_attempt(actor=worker, exam_id=exam.pk)
        answers = right_answers(attempt)
        picked = {qid: answers[qid] if qid in (first.pk, second.pk)[:right] else [] for qid in answers}
        submit_attempt(actor=worker, attempt_id=attempt.pk, answers=picked)
    stats = question_analysis(exam)
    assert round(stats[first.pk].difficulty, 2) == 0.67 and round(stats[second.pk].difficulty, 2) == 0.33
    assert stats[first.pk].discrimination == 1.0 and stats[second.pk].discrimination == 1.0
    page = signed_in(people.operator).get(f"/console/exams/{exam.pk}/").content.decode()
    assert "0.67" in page and "1.00" in page


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_exam_lists_and_the_bank_cost_the_same_queries_whatever_their_length(people):
    worker, operator = signed_in(people.shared_worker), signed_in(people.operator)
    exam = make_exam(people.operator, title="First")
    done = start_attempt(actor=people.shared_worker, exam_id=exam.pk)
    submit_attempt(actor=people.shared_worker, attempt_id=done.pk, answers=right_answers(done))
    counts = (_count(worker, "/worker/exams/"), _count(operator, "/console/exams/"),
              _count(operator, f"/console/exams/{exam.pk}/"))
    assert counts == (WORKER_EXAMS_QUERIES, CONSOLE_EXAMS_QUERIES, CONSOLE_EXAM_QUERIES)
    for n, company in enumerate((None, people.company_a.pk, people.company_b.pk)):
        more = make_exam(people.operator, title=f"More {n}", questions=4, company_id=company)
        attempt = start_attempt(actor=people.shared_worker, exam_id=more.pk)
        submit_attempt(actor=people.shared_worker, attempt_id=attempt.pk, answers=right_answers(attempt))
    for n in range(3):
        from shared_apps.exams.services import QuestionInput, add_question

        add_question(actor=people.operator, exam_id=exam.pk, data=QuestionInput(
            kind="multiple", text=f"Extra {n}", choices=[("A", True), ("B", True), ("C", False)]))
    assert (_count(worker, "/worker/exams/"), _count(operator, "/console/exams/"),
            _count(operator, f"/console/exams/{exam.pk}/")) == counts
