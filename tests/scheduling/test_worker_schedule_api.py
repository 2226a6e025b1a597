"""GET /api/v1/workers/<id>/schedule/: working time and assignments; a worker sees only their own."""
from datetime import timedelta

from tenant_apps.people.models import StaffMember
from tenant_apps.people.services import ensure_customer
from tenant_apps.scheduling.selectors import JobRequest
from tenant_apps.scheduling.services import HoldRequest, confirm_hold, place_hold
from tenant_apps.workforce.services import create_time_off, ensure_worker_profile, set_week_template
from tests.workforce.builders import NINE_TO_SIX, SHANGHAI, at, company_day, make_service


def setup_worker_a(people, alpha):
    member = StaffMember.objects.get(user=people.worker_a)
    worker = ensure_worker_profile(actor=people.owner_a, member=member)
    worker.skills = ["cleaning"]
    worker.save()
    set_week_template(actor=people.owner_a, worker=worker, shifts=NINE_TO_SIX)
    return worker


def test_a_worker_sees_their_working_time_and_jobs(client_for, people, alpha):
    worker = setup_worker_a(people, alpha)
    service = make_service(people.owner_a, duration=120)
    day = company_day(alpha, 3)
    create_time_off(actor=people.owner_a, worker=worker, kind="time_off", start_date=day, end_date=day,
                    start_time=at(alpha, day, 15).time(), end_time=at(alpha, day, 16).time())
    customer = ensure_customer(company=alpha, user=people.customer_a)
    job = JobRequest(service_id=service.pk, location=SHANGHAI)
    booked = place_hold(actor=people.customer_a, customer=customer,
                        request=HoldRequest(job=job, start=at(alpha, day, 9)))
    confirm_hold(actor=people.owner_a, hold_id=booked.hold_id)
    place_hold(actor=people.customer_a, customer=customer, request=HoldRequest(job=job, start=at(alpha, day, 12)))

    response = client_for(alpha, people.worker_a).get("/api/v1/workers/me/schedule/", {
        "start": day.isoformat(), "end": day.isoformat()})

    assert response.status_code == 200, response.content
    body = response.json()
    assert [(w["start"][11:16], w["end"][11:16]) for w in body["working"]] == [("09:00", "15:00"), ("16:00", "18:00")]
    jobs = body["assignments"]
    assert [(a["status"], a["start"][11:16], a["blocked_until"][11:16]) for a in jobs] == [
        ("booked", "09:00", "11:15"), ("hold", "12:00", "14:15")]
    # about a kilometre only: the schedule cannot tell whether the task is accepted (the task can)
    assert jobs[0]["location"] == {"latitude": round(SHANGHAI.latitude, 2), "longitude": round(SHANGHAI.longitude, 2),
                                   "is_approximate": True}
    assert jobs[1]["location"] is None  # not the worker's job yet


def test_a_worker_cannot_see_anothers_schedule_and_the_office_can(client_for, people, alpha):
    setup_worker_a(people, alpha)
    shared = StaffMember.objects.get(user=people.shared_worker)
    own = StaffMember.objects.get(user=people.worker_a)
    day = company_day(alpha, 3)
    params = {"start": day.isoformat(), "end": (day + timedelta(days=6)).isoformat()}

    assert client_for(alpha, people.worker_a).get(f"/api/v1/workers/{shared.pk}/schedule/").status_code == 404
    assert client_for(alpha, people.dispatcher_a).get(f"/api/v1/workers/{own.pk}/schedule/",
                                                      params).status_code == 200
    assert client_for(alpha).get(f"/api/v1/workers/{own.pk}/schedule/").status_code == 401
    assert client_for(alpha, people.worker_a).get("/api/v1/workers/me/schedule/", {
        "start": day.isoformat(), "end": (day + timedelta(days=90)).isoformat()}).status_code == 400
