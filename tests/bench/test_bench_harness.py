"""The bench's load harness and its page benchmarks, run briefly against the live test server, so
that `make bench` cannot rot between runs."""
import pytest

from tests.bench.load import Target, run_load
from tests.bench.registry import FIGURE_LINE, Bench, Figure, LoadSettings, select
from tests.processes import web_server

BRIEF_LOAD = LoadSettings(connections=2, duration=0.5, warmup=0.2, processes=2)


def test_figures_print_as_name_value_unit():
    lines = [Figure("provision_company_s", 0.21349, "s").line(), Figure("home_page_rps", 812.4, "req/s").line(),
             Figure("home_page_p95_ms", 12.345, "ms").line()]

    assert lines == ["provision_company_s: 0.213 s", "home_page_rps: 812 req/s", "home_page_p95_ms: 12.3 ms"]
    assert all(FIGURE_LINE.match(line) for line in lines)


def test_names_select_benchmarks_and_those_that_extend_them():
    assert [b.name for b in select(["provision", "home_page"])] == ["provision", "provision_clone", "home_page"]
    assert [b.name for b in select(["provision_clone"])] == ["provision_clone"]
    assert {"provision", "healthz", "bare_django"} <= {b.name for b in select([])}
    with pytest.raises(LookupError):
        select(["no_such_benchmark"])


def test_page_benchmarks_report_rps_and_p95_against_the_live_server(company_a):
    host = f"{company_a.slug}.localhost"
    with web_server() as server:
        bench = Bench(base_url=server.base_url, platform_host="localhost", company_host=host, load=BRIEF_LOAD,
                      quick=True)
        lines = []
        for item in select([]):
            if item.changes_data:  # the sign-up benchmarks would leave companies in the test database
                continue
            try:
                lines += [figure.line() for figure in item.function(bench)]
            except RuntimeError as exc:
                pytest.fail(f"{item.name}: {exc}\nserver log:\n{server.log()[-3000:]}")
        missing = run_load(server.base_url, [Target("/no-such-page", host=host)], connections=1, duration=0.3,
                           warmup=0.1, processes=1)

    assert {line.split(":")[0] for line in lines} >= {
        "home_page_rps", "home_page_p95_ms", "home_page_cold_rps", "home_page_cold_p95_ms", "healthz_rps",
        "healthz_p95_ms", "bare_django_rps", "bare_django_p95_ms", "quote_p95_ms", "quote_cold_p95_ms",
        "route_20_stops_s", "optimised_travel_ratio", "vrptw_gap_pct", "vrptw_failures",
    }
    assert all(FIGURE_LINE.match(line) for line in lines), lines
    may_be_zero = ("vrptw_gap_pct", "vrptw_failures")  # a solver can reach the best known solution
    assert all(float(line.split()[1]) > 0 for line in lines if not line.startswith(may_be_zero)), lines
    assert 0 < float(next(line for line in lines if line.startswith("optimised_travel_ratio")).split()[1]) < 1
    assert missing.requests > 0 and missing.errors == missing.requests
    assert missing.first_error.startswith("404 GET")
    with pytest.raises(RuntimeError, match="failed"):
        missing.check()
