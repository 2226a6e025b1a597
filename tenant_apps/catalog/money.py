"""Arithmetic on amounts in minor units (fen): integers only, rounded half up."""


def percent_of(amount: int, percent_bp: int) -> int:
    """`percent_bp` basis points (2000 is 20 %) of a non-negative amount, rounded half up."""
    return (amount * percent_bp + 5000) // 10000
