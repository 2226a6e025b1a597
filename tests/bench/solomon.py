"""Solomon's VRPTW instances (tests/data/solomon/, see README there): reading them, their best known
solutions, and an exact (double precision) check and length of a solution.

Convention (docs/decisions.md, "Route planner"): the hierarchical literature values, fewest vehicles
first and then distance. A solver is given exactly the best known number of vehicles and minimises
distance; its gap is measured on the exact Euclidean length of its routes. Solvers work in integers:
distances and times are scaled by SCALE and rounded, and the answer is re-checked unscaled.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "solomon"
SCALE = 100
# name: (vehicles, distance) of the best known solution under the hierarchical objective.
BEST_KNOWN = {"C101": (10, 828.94), "R101": (19, 1650.80), "RC101": (14, 1696.95)}
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Customer:
    number: int
    x: float
    y: float
    demand: int
    ready: int
    due: int
    service: int


@dataclass(frozen=True)
class Instance:
    name: str
    vehicles: int
    capacity: int
    depot: Customer
    customers: tuple[Customer, ...]

    def distance(self, a: Customer, b: Customer) -> float:
        return math.hypot(a.x - b.x, a.y - b.y)


def read(name: str) -> Instance:
    lines = (DATA / f"{name}.txt").read_text().splitlines()
    vehicles, capacity = map(int, lines[4].split())
    rows = [Customer(*map(int, line.split())) for line in lines[9:] if line.strip()]
    return Instance(name=lines[0].strip(), vehicles=vehicles, capacity=capacity, depot=rows[0],
                    customers=tuple(rows[1:]))


def check(instance: Instance, routes: list[list[int]]) -> tuple[float, list[str]]:
    """The exact total length of routes (customer numbers, depot left out) and what is wrong with
    them: a customer missing or twice, a late arrival, an overloaded vehicle, a late return."""
    by_number = {c.number: c for c in instance.customers}
    problems = []
    seen = [n for route in routes for n in route]
    if sorted(seen) != sorted(by_number):
        problems.append(f"{len(set(by_number) - set(seen))} customers unserved, {len(seen) - len(set(seen))} twice")
    total = 0.0
    for route in routes:
        here, clock, load = instance.depot, 0.0, 0
        for number in route:
            there = by_number[number]
            total += instance.distance(here, there)
            clock = max(clock + instance.distance(here, there), there.ready)
            if clock > there.due + TOLERANCE:
                problems.append(f"customer {number} reached at {clock:.2f}, due {there.due}")
            clock += there.service
            load += there.demand
            here = there
        total += instance.distance(here, instance.depot)
        if clock + instance.distance(here, instance.depot) > instance.depot.due + TOLERANCE:
            problems.append("a vehicle returns after the depot closes")
        if load > instance.capacity:
            problems.append(f"a vehicle carries {load} > {instance.capacity}")
    return total, problems


def gap_pct(name: str, distance: float) -> float:
    return 100 * (distance - BEST_KNOWN[name][1]) / BEST_KNOWN[name][1]
