"""Error reports name the company: a request on a company host tags Sentry's scope with its schema."""
import pytest
import sentry_sdk
from sentry_sdk.transport import Transport


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            event = item.get_event()
            if event is not None:
                self.events.append(event)


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    sentry_sdk.init(dsn="http://key@127.0.0.1:9/1", transport=transport, default_integrations=False)
    yield transport.events
    sentry_sdk.init(dsn=None)
    sentry_sdk.get_isolation_scope().clear()


def test_an_event_after_a_company_request_carries_the_company_schema(client_for, company_b, sentry_events):
    response = client_for(company_b).get("/")
    assert response.status_code == 200

    sentry_sdk.capture_message("something broke")
    sentry_sdk.flush()

    assert sentry_events, "no event was captured"
    assert sentry_events[-1]["tags"]["tenant"] == company_b.schema_name
