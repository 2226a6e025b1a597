"""Odd input to every workforce and scheduling endpoint is a 4xx with the one error shape, never a 500."""
import pytest

from tenant_apps.people.models import StaffMember

ODD_VALUES = ["null,null", "-1", "0", "9" * 30, "", "1e9", "x" * 300, "9999-12-31", "0001-01-01", "2026-02-30",
              "25:61", "[]", "{}"]


def endpoints(worker_id):
    return [
        ("get", "/api/v1/slots/", ("service", "variant", "add_ons", "quantity", "duration_minutes", "latitude",
                                   "longitude", "start", "end", "worker")),
        ("post", "/api/v1/holds/", ("service", "variant", "add_ons", "quantity", "duration_minutes", "address",
                                    "start", "workers")),
        ("get", f"/api/v1/workers/{worker_id}/schedule/", ("start", "end")),
        ("get", "/api/v1/office/shifts/", ("worker", "start", "end")),
        ("post", "/api/v1/office/shifts/", ("worker", "date", "start_time", "end_time")),
        ("get", "/api/v1/office/time-off/", ("worker", "start", "end", "kind")),
        ("post", "/api/v1/office/time-off/", ("worker", "kind", "start_date", "end_date", "start_time", "end_time",
                                              "note")),
        ("get", "/api/v1/office/roster/", ("week",)),
        ("put", "/api/v1/office/roster/", ("week_start", "changes")),
        ("post", "/api/v1/office/workers/", ("phone", "skills", "level", "services", "home", "service_radius_km",
                                             "price_adjustment_percent", "status")),
        ("patch", f"/api/v1/office/workers/{worker_id}/", ("skills", "level", "services", "home", "status")),
        ("put", f"/api/v1/office/workers/{worker_id}/shift-templates/", ("shifts",)),
        ("post", f"/api/v1/office/workers/{worker_id}/shift-templates/", ("weekday", "start_time", "end_time")),
        ("patch", "/api/v1/office/scheduling/settings/", ("slot_minutes", "travel_minutes_per_km", "hold_minutes")),
    ]


BASE = {"service": 1, "latitude": 31.2, "longitude": 121.4, "address": {"latitude": 31.2, "longitude": 121.4},
        "start": "2027-01-04T10:00:00+08:00", "worker": 1, "date": "2027-01-04", "start_time": "09:00",
        "end_time": "10:00", "start_date": "2027-01-04", "week_start": "2027-01-04", "changes": [],
        "phone": "+8613100007777", "weekday": 1, "shifts": []}


@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_values_in_every_field_are_client_errors(client_for, people, alpha, value):
    worker_id = StaffMember.objects.get(user=people.worker_a).pk
    owner = client_for(alpha, people.owner_a)
    for method, path, fields in endpoints(worker_id):
        for field in fields:
            if method == "get":
                response = owner.get(path, {**{k: v for k, v in BASE.items() if k in fields and
                                               not isinstance(v, dict | list)}, field: value})
            else:
                response = getattr(owner, method)(path, {**{k: v for k, v in BASE.items() if k in fields},
                                                         field: value}, format="json")
            assert response.status_code < 500, (method, path, field, value, response.content[:300])
            if response.status_code >= 400:
                assert {"code", "message", "fields"} <= set(response.json()), (path, field, response.content)


@pytest.mark.parametrize("path", ["/api/v1/holds/null,null/", "/api/v1/workers/null,null/schedule/",
                                  "/api/v1/office/workers/null,null/", "/api/v1/office/shifts/null,null/",
                                  "/api/v1/office/time-off/null,null/", "/api/v1/office/shift-templates/null,null/",
                                  "/api/v1/office/workers/null,null/shift-templates/"])
def test_malformed_ids_in_paths_are_404(client_for, people, alpha, path):
    assert client_for(alpha, people.owner_a).get(path).status_code in (404, 405)
