"""GET/PATCH /api/v1/office/scheduling/settings/: slot step, buffers, travel speed, hold length."""
from tests.workforce.builders import SHANGHAI, company_day, local_times, make_service, make_worker


def test_the_owner_changes_the_slot_step_and_the_calendar_follows(client_for, people, alpha):
    service = make_service(people.owner_a, duration=60)
    make_worker(people.owner_a, alpha)
    day = company_day(alpha, 3)
    owner = client_for(alpha, people.owner_a)

    before = owner.get("/api/v1/office/scheduling/settings/").json()
    changed = owner.patch("/api/v1/office/scheduling/settings/", {"slot_minutes": 60, "travel_minutes_per_km": "2.5",
                                                                  "buffer_after_minutes": 0}, format="json")
    calendar = client_for(alpha).get("/api/v1/slots/", {"service": service.pk, "latitude": SHANGHAI.latitude,
                                                        "longitude": SHANGHAI.longitude, "start": day.isoformat(),
                                                        "end": day.isoformat()}).json()

    assert before == {"slot_minutes": 30, "buffer_before_minutes": 0, "buffer_after_minutes": 15,
                      "travel_minutes_per_km": "3.00", "hold_minutes": 10, "max_holds_per_customer": 3}
    assert changed.status_code == 200 and changed.json()["travel_minutes_per_km"] == "2.50"
    assert calendar["slot_minutes"] == 60
    assert local_times(calendar["days"][0]) == [f"{h:02d}:00" for h in range(9, 18)]


def test_only_owners_and_admins_change_settings(client_for, people, alpha):
    dispatcher = client_for(alpha, people.dispatcher_a)

    assert dispatcher.get("/api/v1/office/scheduling/settings/").status_code == 200
    assert dispatcher.patch("/api/v1/office/scheduling/settings/", {"slot_minutes": 60},
                            format="json").status_code == 403
    assert client_for(alpha, people.owner_a).patch("/api/v1/office/scheduling/settings/", {"slot_minutes": 7},
                                                   format="json").status_code == 400
