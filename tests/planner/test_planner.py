"""The route planner as a library (shared_apps.core.planner): no database, no Django.

Places are planar points (x, y) in km with 2 minutes per km unless a test says otherwise, so that the
expected times can be worked out by hand."""
import math
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared_apps.core.geo import GeoPoint
from shared_apps.core.planner import (
    FromFunction,
    FromProvider,
    Reason,
    SolverSettings,
    Stop,
    StraightLine,
    Worker,
    plan,
    solver,
)

TRAVEL = FromFunction(lambda a, b: math.ceil(2 * math.dist(a, b)))
QUICK = SolverSettings(time_limit_s=2, no_improvement=300)
HOME = (0, 0)


def minutes(a, b) -> int:
    return 0 if a == b else math.ceil(2 * math.dist(a, b))


def assert_valid(result, stops, workers, travel=minutes):
    """Every placed visit keeps its window, its skills and its worker's shift; times follow the
    travel matrix; the travel adds up; every stop is placed (crew times) or explained, not both."""
    by_id = {s.id: s for s in stops}
    workers_by_id = {w.id: w for w in workers}
    counts = {}
    for route in result.routes:
        worker = workers_by_id[route.worker_id]
        here, clock, total = worker.start, None, 0
        for visit in route.visits:
            stop = by_id[visit.stop_id]
            counts[stop.id] = counts.get(stop.id, 0) + 1
            assert stop.skills <= worker.skills
            assert visit.travel_before == travel(here, stop.place)
            if clock is None:
                assert visit.arrival == route.depart + visit.travel_before
            else:
                assert visit.arrival == clock + visit.travel_before
            assert stop.window_start <= visit.start <= stop.window_end
            assert visit.start == max(visit.arrival, stop.window_start) or stop.crew > 1
            assert visit.finish == visit.start + stop.service_minutes
            total += visit.travel_before
            here, clock = stop.place, visit.finish
        if route.visits:
            assert route.depart >= worker.shift_start
            assert route.back == clock + travel(here, worker.end_place) <= worker.shift_end
            total += travel(here, worker.end_place)
        assert route.travel_minutes == total
    assert result.total_travel == sum(r.travel_minutes for r in result.routes)
    unplaced = {u.stop_id for u in result.unplaced}
    assert not unplaced & set(counts)
    assert unplaced | set(counts) == set(by_id)
    for stop_id, count in counts.items():
        assert count == by_id[stop_id].crew
    for stop in stops:  # a crew starts together
        starts = {v.start for r in result.routes for v in r.visits if v.stop_id == stop.id}
        assert len(starts) <= 1


def day(n=8, workers=2):
    """A feasible day: n stops on a 10 km square, hour-long windows spread over the day, 30 minutes
    of work each; workers 08:00-18:00 from home."""
    stops = [Stop(id=i, place=((i * 7) % 10, (i * 3) % 10), window_start=480 + 60 * i, window_end=540 + 60 * i,
                  service_minutes=30) for i in range(n)]
    crew = [Worker(id=f"w{k}", start=HOME, shift_start=480, shift_end=1080) for k in range(workers)]
    return stops, crew


@pytest.mark.parametrize("method", ["optimise", "insertion", "nearest_neighbour"])
def test_a_feasible_day_is_planned_in_full(method):
    stops, workers = day()

    result = plan(stops, workers, TRAVEL, method=method, settings=QUICK)

    assert result.unplaced == ()
    assert len(result.placed) == len(stops)
    assert_valid(result, stops, workers)


def test_the_optimiser_travels_less_than_the_greedy_dispatcher():
    stops = [Stop(id=i, place=(x, y), window_start=480, window_end=900, service_minutes=20)
             for i, (x, y) in enumerate([(10, 0), (0, 10), (10, 1), (0, 11), (11, 0), (1, 10)])]
    workers = [Worker(id="a", start=HOME, shift_start=480, shift_end=1080),
               Worker(id="b", start=HOME, shift_start=480, shift_end=1080)]

    optimised = plan(stops, workers, TRAVEL, settings=QUICK)
    greedy = plan(stops, workers, TRAVEL, method="nearest_neighbour")

    assert optimised.method == "pyvrp"
    assert optimised.total_travel < greedy.total_travel
    assert_valid(optimised, stops, workers)


def test_tight_windows_give_the_stops_that_fit_and_say_why_the_others_do_not():
    workers = [Worker(id="amy", start=HOME, shift_start=480, shift_end=1020, skills=frozenset({"cleaning"}),
                      capacity=10)]
    stops = [
        Stop(id="first", place=(3, 4), window_start=600, window_end=600, service_minutes=60),
        Stop(id="same-time", place=(4, 3), window_start=600, window_end=605, service_minutes=60),
        Stop(id="before-shift", place=(1, 0), window_start=300, window_end=400, service_minutes=30),
        Stop(id="too-far", place=(200, 0), window_start=480, window_end=600, service_minutes=30),
        Stop(id="plumbing", place=(1, 1), window_start=600, window_end=900, service_minutes=30,
             skills=frozenset({"plumbing"})),
        Stop(id="crew-of-2", place=(1, 1), window_start=600, window_end=900, service_minutes=30, crew=2),
        Stop(id="heavy", place=(1, 1), window_start=600, window_end=900, service_minutes=30, demand=11),
    ]

    result = plan(stops, workers, TRAVEL, settings=QUICK)

    assert [v.stop_id for v in result.routes[0].visits] in (["first"], ["same-time"])
    reasons = {u.stop_id: u.reason for u in result.unplaced}
    assert reasons.pop("first", None) or reasons.pop("same-time") == Reason.NO_ROOM
    assert reasons == {"before-shift": Reason.OUTSIDE_SHIFTS, "too-far": Reason.WINDOW_UNREACHABLE,
                       "plumbing": Reason.NO_SKILLED_WORKER, "crew-of-2": Reason.CREW_TOO_LARGE,
                       "heavy": Reason.OVER_CAPACITY}
    assert all(u.detail for u in result.unplaced)
    assert "plumbing" in next(u.detail for u in result.unplaced if u.stop_id == "plumbing")
    assert_valid(result, stops, workers)


def test_nothing_placeable_is_an_answer_with_reasons_not_an_error():
    workers = [Worker(id="night", start=HOME, shift_start=1200, shift_end=1400)]
    stops = [Stop(id=1, place=(1, 1), window_start=480, window_end=600, service_minutes=30)]

    result = plan(stops, workers, TRAVEL, settings=QUICK)

    assert result.placed == set()
    assert [(u.stop_id, u.reason) for u in result.unplaced] == [(1, Reason.OUTSIDE_SHIFTS)]
    assert plan([], workers, TRAVEL).routes[0].visits == ()
    assert [u.detail for u in plan(stops, [], TRAVEL).unplaced] == ["no workers to plan with"]


def test_the_planner_loads_without_django():
    import subprocess

    code = ("import sys, shared_apps.core.planner as p; p.plan([], [], p.StraightLine()); "
            "sys.exit(1 if 'django' in sys.modules else 0)")

    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_skills_send_each_stop_to_a_worker_who_has_them():
    workers = [Worker(id="cleaner", start=HOME, shift_start=480, shift_end=1080, skills=frozenset({"cleaning"})),
               Worker(id="fitter", start=(9, 9), shift_start=480, shift_end=1080,
                      skills=frozenset({"cleaning", "aircon"}))]
    # the aircon jobs are next to the cleaner's home: the nearest worker may not take them
    stops = [Stop(id=f"ac{i}", place=(0, i), window_start=480, window_end=1000, service_minutes=30,
                  skills=frozenset({"aircon"})) for i in range(3)]
    stops += [Stop(id=f"clean{i}", place=(9, 9 - i), window_start=480, window_end=1000, service_minutes=30,
                   skills=frozenset({"cleaning"})) for i in range(3)]

    for method in ("optimise", "insertion", "nearest_neighbour"):
        result = plan(stops, workers, TRAVEL, method=method, settings=QUICK)

        assert {v.stop_id for v in result.route_of("fitter").visits} >= {"ac0", "ac1", "ac2"}
        assert not {v.stop_id for v in result.route_of("cleaner").visits} & {"ac0", "ac1", "ac2"}
        assert_valid(result, stops, workers)


def test_shifts_bound_the_day_including_the_way_home():
    # stops 5 km (10 min) apart along a street, an hour each; a 4 h 30 shift holds three of them and
    # the way home (23 min from the third), not four
    workers = [Worker(id="half-day", start=HOME, shift_start=480, shift_end=750)]
    stops = [Stop(id=i, place=(5 * i, 5), window_start=480, window_end=1000, service_minutes=60) for i in range(4)]

    result = plan(stops, workers, TRAVEL, settings=QUICK)

    route = result.routes[0]
    assert [v.stop_id for v in route.visits] == [0, 1, 2]
    assert [(u.stop_id, u.reason) for u in result.unplaced] == [(3, Reason.NO_ROOM)]
    assert (route.depart, route.visits[0].arrival, route.back, route.travel_minutes) == (480, 490, 713, 53)
    assert result.worker_minutes == {"half-day": 233}
    assert_valid(result, stops, workers)


def test_arrival_times_follow_the_travel_matrix_and_waits_for_the_window():
    workers = [Worker(id="a", start=HOME, shift_start=480, shift_end=1080)]
    stops = [Stop(id="x", place=(0, 6), window_start=540, window_end=600, service_minutes=45),
             Stop(id="y", place=(8, 6), window_start=600, window_end=900, service_minutes=30)]

    route = plan(stops, workers, TRAVEL, settings=QUICK).routes[0]

    first, second = route.visits
    assert (first.stop_id, first.travel_before, first.arrival, first.start, first.finish) == ("x", 12, 540, 540, 585)
    assert route.depart == 528  # leaves just in time, not at 08:00 to wait
    assert (second.stop_id, second.travel_before, second.arrival, second.start) == ("y", 16, 601, 601)
    assert route.back == 631 + 20 and route.travel_minutes == 12 + 16 + 20


def test_the_same_seed_gives_the_same_plan():
    stops, workers = day(n=12, workers=3)
    repeatable = SolverSettings(time_limit_s=30, no_improvement=None, max_iterations=300, seed=4)

    first = plan(stops, workers, TRAVEL, settings=repeatable)
    again = plan(stops, workers, TRAVEL, settings=repeatable)

    assert first.method == "pyvrp" and first == again


@pytest.mark.parametrize("trouble", [ImportError("No module named 'pyvrp'"), solver.SolverFailed("time limit"),
                                     RuntimeError("crashed")])
def test_without_a_working_solver_the_insertion_plan_answers(monkeypatch, trouble):
    def broken(*args, **kwargs):
        raise trouble

    monkeypatch.setattr(solver, "solve", broken)
    stops, workers = day()

    result = plan(stops, workers, TRAVEL, settings=QUICK)

    assert result.method == "insertion" and len(result.placed) == len(stops)
    assert "cheapest insertion" in result.notes[0]
    assert_valid(result, stops, workers)


def test_without_pyvrp_installed_the_planner_still_plans(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyvrp", None)  # import pyvrp now raises ImportError
    stops, workers = day()

    result = plan(stops, workers, TRAVEL)

    assert result.method == "insertion" and result.unplaced == ()
    assert "unavailable" in result.notes[0]


def test_a_crew_starts_together_on_as_many_workers():
    workers = [Worker(id=k, start=(i, 0), shift_start=480, shift_end=1080) for i, k in enumerate("abc")]
    stops = [Stop(id="move", place=(5, 5), window_start=600, window_end=700, service_minutes=120, crew=2),
             Stop(id="solo", place=(5, 6), window_start=600, window_end=720, service_minutes=30)]

    for method in ("optimise", "insertion"):
        result = plan(stops, workers, TRAVEL, method=method, settings=QUICK)

        crew = [(r.worker_id, v) for r in result.routes for v in r.visits if v.stop_id == "move"]
        assert len(crew) == 2 and crew[0][1].start == crew[1][1].start
        assert result.unplaced == ()
        assert_valid(result, stops, workers)


def test_one_stop_each_is_the_cheapest_assignment():
    # greedy (each stop to its nearest free worker, in order) would give a and b crossed paths
    workers = [Worker(id="a", start=(0, 0), shift_start=480, shift_end=1080),
               Worker(id="b", start=(10, 0), shift_start=480, shift_end=1080)]
    stops = [Stop(id="p", place=(4, 0), window_start=480, window_end=900, service_minutes=30),
             Stop(id="q", place=(-1, 0), window_start=480, window_end=900, service_minutes=30),
             Stop(id="r", place=(50, 0), window_start=480, window_end=500, service_minutes=30)]

    result = plan(stops, workers, TRAVEL, method="assignment")

    assert {r.worker_id: [v.stop_id for v in r.visits] for r in result.routes} == {"a": ["q"], "b": ["p"]}
    assert result.total_travel == 2 * 2 + 2 * 12
    assert [(u.stop_id, u.reason) for u in result.unplaced] == [("r", Reason.WINDOW_UNREACHABLE)]


def test_travel_comes_from_the_straight_line_or_the_scheduling_provider():
    from tenant_apps.scheduling.travel import StraightLineTravel

    places = [GeoPoint(31.2304, 121.4737), GeoPoint(31.2397, 121.4998), GeoPoint(31.1443, 121.8083)]

    direct = StraightLine(minutes_per_km=3).minutes(places)
    provided = FromProvider(StraightLineTravel(minutes_per_km=3)).minutes(places)

    assert direct[0][0] == 0 and 7 <= direct[0][1] <= 9 and 100 <= direct[0][2] <= 110  # 2.6 km, 35 km
    assert all(abs(a - b) <= 1 for row_a, row_b in zip(direct, provided) for a, b in zip(row_a, row_b))


@st.composite
def instances(draw):
    n_workers = draw(st.integers(1, 3))
    workers = []
    for k in range(n_workers):
        start = draw(st.integers(360, 720))
        workers.append(Worker(id=f"w{k}", start=(draw(st.integers(0, 20)), draw(st.integers(0, 20))),
                              shift_start=start, shift_end=start + draw(st.integers(60, 600)),
                              skills=frozenset(draw(st.sets(st.sampled_from("ab"))))))
    stops = []
    for i in range(draw(st.integers(0, 9))):
        opens = draw(st.integers(360, 1100))
        stops.append(Stop(id=i, place=(draw(st.integers(0, 20)), draw(st.integers(0, 20))), window_start=opens,
                          window_end=opens + draw(st.integers(0, 180)), service_minutes=draw(st.integers(0, 120)),
                          skills=frozenset(draw(st.sets(st.sampled_from("ab"), max_size=1))),
                          crew=draw(st.sampled_from([1, 1, 1, 2]))))
    return stops, workers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from(["insertion", "nearest_neighbour", "assignment"]))
def test_every_placed_visit_keeps_window_skills_and_shift_and_the_travel_adds_up(instance, method):
    stops, workers = instance

    assert_valid(plan(stops, workers, TRAVEL, method=method), stops, workers)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_the_optimised_plan_is_valid_and_places_as_much_as_insertion(instance):
    stops, workers = instance
    fallback = plan(stops, workers, TRAVEL, method="insertion")

    result = plan(stops, workers, TRAVEL, settings=SolverSettings(time_limit_s=1, no_improvement=100))

    assert_valid(result, stops, workers)
    assert len(result.unplaced) <= len(fallback.unplaced)


def test_when_the_search_leaves_stops_out_a_search_that_serves_everyone_is_tried(monkeypatch):
    stops, workers = day(n=4, workers=1)
    asked = []

    def search(ix, singles, pinned, settings, *, require_all=False):
        asked.append(require_all)
        served = singles if require_all else singles[:3]
        return [[(s, None) for s in sorted(served, key=lambda s: ix.stops[s].window_start)]]

    monkeypatch.setattr(solver, "solve", search)
    monkeypatch.setattr("shared_apps.core.planner.insert", lambda ix, stops, routes=None: (
        routes if routes is not None else [[] for _ in ix.workers], list(stops)))  # a fallback that places nothing

    result = plan(stops, workers, TRAVEL)

    assert asked == [False, True]
    assert result.method == "pyvrp" and result.unplaced == ()


def test_when_nobody_can_serve_everyone_the_plan_of_what_fits_stands(monkeypatch):
    stops, workers = day(n=4, workers=1)

    def search(ix, singles, pinned, settings, *, require_all=False):
        if require_all:
            raise solver.SolverFailed("no feasible solution within the limit")
        return [[(s, None) for s in singles[:3]]]

    monkeypatch.setattr(solver, "solve", search)
    monkeypatch.setattr("shared_apps.core.planner.insert", lambda ix, stops, routes=None: (
        routes if routes is not None else [[] for _ in ix.workers], list(stops)))

    result = plan(stops, workers, TRAVEL)

    assert result.method == "pyvrp" and [u.stop_id for u in result.unplaced] == [3]
    assert [u.reason for u in result.unplaced] == [Reason.NO_ROOM]
