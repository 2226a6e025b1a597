"""A task sent from a company's request runs in that company's schema, in a real Celery worker."""
import json

import pytest

from tests.processes import celery_worker, wait_for


@pytest.fixture
def sms_file(tmp_path):
    return tmp_path / "sms.jsonl"


def _messages(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.mark.celery_worker
def test_sms_code_task_runs_in_the_requesting_companys_schema(
    client_for, company_a, company_b, sms_file, django_capture_on_commit_callbacks
):
    with celery_worker(SMS_BACKEND="file", SMS_FILE_PATH=str(sms_file)):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(company_b).post("/api/v1/auth/sms-code/", {"phone": "+8613812345678"})
        assert response.status_code == 202

        messages = wait_for(lambda: _messages(sms_file), timeout=30, message="the SMS to be written")

    assert len(messages) == 1
    assert messages[0]["to"] == "+8613812345678"
    assert messages[0]["schema"] == company_b.schema_name
    assert messages[0]["text"].startswith("[Bravo Repairs]")
