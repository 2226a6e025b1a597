"""Benchmarks: `make bench` (python -m tests.bench) prints one line per figure, `name: value unit`.

    python -m tests.bench                      every benchmark
    python -m tests.bench provision home_page  some (a name also selects the names that extend it:
                                               `provision` runs provision and provision_clone)
    python -m tests.bench --list               what there is

Modules: load (N concurrent keep-alive connections for T seconds -> rps and percentiles; no Django),
registry (Figure, @benchmark, selection), setup (the bench's own database and Redis keys, migrate,
seed), provisioning and pages (the benchmarks), routing (the route planner's: no server needed;
solomon reads tests/data/solomon, compare_solvers is the PyVRP/OR-Tools measurement, run by hand),
__main__ (the command). Figures go to stdout and nothing else does; progress and details go to
stderr.
"""
