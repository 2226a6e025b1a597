"""Benchmarks register here with @benchmark; each one yields Figures, printed as `name: value unit`."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

FIGURE_LINE = re.compile(r"^[a-z][a-z0-9_]*: -?\d+(\.\d+)? \S+$")
BENCHMARK_MODULES = ("tests.bench.provisioning", "tests.bench.pages", "tests.bench.quotes", "tests.bench.availability",
                     "tests.bench.orders", "tests.bench.payments", "tests.bench.ledger", "tests.bench.routing",
                     "tests.bench.dispatch", "tests.bench.quality")


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str

    def line(self) -> str:
        return f"{self.name}: {format_value(self.value)} {self.unit}"


def format_value(value: float) -> str:
    """Three significant digits or so, never in exponent notation: 0.213, 4.56, 81.2, 1234."""
    size = abs(value)
    digits = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 1 else 3
    return f"{value:.{digits}f}"


@dataclass(frozen=True)
class LoadSettings:
    """One load shape for every rps figure, so they compare fairly."""

    connections: int = 8
    duration: float = 5.0
    warmup: float = 1.0
    processes: int = 2


@dataclass
class Bench:
    """What a benchmark gets: the running server and the shared settings."""

    base_url: str
    platform_host: str
    company_host: str  # a seeded company's storefront host
    load: LoadSettings = field(default_factory=LoadSettings)
    quick: bool = False  # fewer repetitions, for trying the bench out

    def repeat(self, full: int, quick: int = 3) -> int:
        return quick if self.quick else full


BenchmarkFunction = Callable[[Bench], Iterable[Figure]]


@dataclass(frozen=True)
class Benchmark:
    name: str
    function: BenchmarkFunction
    description: str
    changes_data: bool  # signs up companies and the like: not for the shared test database


_REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, *, description: str = "", changes_data: bool = False):
    """Register a benchmark; they run in the order their modules (BENCHMARK_MODULES) define them."""

    def register(function: BenchmarkFunction) -> BenchmarkFunction:
        if name in _REGISTRY and _REGISTRY[name].function is not function:
            raise ValueError(f"two benchmarks named {name}")
        doc = (function.__doc__ or "").strip().splitlines()
        _REGISTRY[name] = Benchmark(name, function, description or (doc[0] if doc else ""), changes_data)
        return function

    return register


def all_benchmarks() -> list[Benchmark]:
    import importlib

    for module in BENCHMARK_MODULES:
        importlib.import_module(module)
    return list(_REGISTRY.values())


def select(names: Iterable[str]) -> list[Benchmark]:
    """The benchmarks named, in registry order; a name also selects `<name>_...`. No names: all."""
    names = list(names)
    available = all_benchmarks()
    if not names:
        return available
    unknown = [n for n in names if not any(_matches(b.name, n) for b in available)]
    if unknown:
        known = ", ".join(b.name for b in available)
        raise LookupError(f"no benchmark named {', '.join(unknown)} (there are: {known})")
    return [b for b in available if any(_matches(b.name, n) for n in names)]


def _matches(benchmark_name: str, wanted: str) -> bool:
    return benchmark_name == wanted or benchmark_name.startswith(wanted + "_")
