from tests.earnings.conftest import complete, world  # noqa: F401  (the orders world and a finished visit)
