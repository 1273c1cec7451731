"""How precise a derived value can be, given how precisely its inputs are written.

The rule (README, "Derived values"): a stated input is known to half a unit of
its last written digit ("3.8%" is 3.75 to 3.85, "1.36亿元" ±50万元, "30356元"
±0.5元); a plain integer of a counted unit ("47项", "9家") is exact. A formula
is evaluated on those intervals (interval arithmetic), giving [low, high]
around its central result. The derived value is the central result rounded to
the coarsest power of ten (one significant figure at the coarsest) whose
rounding still lies within [low, high], and never to more than
``MAX_SIGNIFICANT`` significant figures. It is ``approx``
when that rounding changed the result, ``exact`` when it did not (30356 −
11856 = 18500 exactly).

29244.70 (= 30356 / 1.038) lies in [29230.1, 29259.3]: 29200 falls outside,
29240 inside, so the value is 29240, approx.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from components.data.numbers import Mention, written_step
from components.data.schema import COUNTED_UNITS

# A reader needs no more; and a result of exact inputs (47 / 88) would
# otherwise be written to the float's 17 digits.
MAX_SIGNIFICANT = 4


@dataclass(frozen=True)
class Interval:
    """A closed interval of reals, with the arithmetic of the formulas (+ - * /)."""

    low: float
    high: float

    @staticmethod
    def of(value: "Interval | float") -> "Interval":
        return value if isinstance(value, Interval) else Interval(float(value), float(value))

    def __add__(self, other):
        o = Interval.of(other)
        return Interval(self.low + o.low, self.high + o.high)

    __radd__ = __add__

    def __sub__(self, other):
        o = Interval.of(other)
        return Interval(self.low - o.high, self.high - o.low)

    def __rsub__(self, other):
        return Interval.of(other) - self

    def __mul__(self, other):
        o = Interval.of(other)
        corners = (self.low * o.low, self.low * o.high, self.high * o.low, self.high * o.high)
        return Interval(min(corners), max(corners))

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = Interval.of(other)
        if o.low <= 0 <= o.high:
            raise ZeroDivisionError("division by an interval holding zero")
        return self * Interval(1 / o.high, 1 / o.low)

    def __rtruediv__(self, other):
        return Interval.of(other) / self

    def __neg__(self):
        return Interval(-self.high, -self.low)


def stated_half_width(mention: Mention, unit: str) -> float:
    """How far a stated value may be from the true one, in base units.

    Half a unit of the last written digit, times the multiplier; zero for a
    plain integer of a counted unit, which is a count, not a rounded measure.
    """
    counted = unit in COUNTED_UNITS and mention.multiplier == 1 and "." not in mention.number
    return 0.0 if counted else written_step(mention) / 2


def _round_to(value: float, exponent: int) -> float:
    """``value`` rounded to a multiple of 10**exponent, in decimal (29244.7, 1 -> 29240.0)."""
    quantum = Decimal(1).scaleb(exponent)
    # Through the shortest repr, so that 2.675 rounds as written, not as its binary 2.67499…
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def supported_rounding(central: float, low: float, high: float) -> float:
    """``central`` rounded as far as [low, high] allows, to at most MAX_SIGNIFICANT figures.

    >>> supported_rounding(29244.70, 29230.1, 29259.3)
    29240.0
    >>> supported_rounding(53.409090909, 53.409090909, 53.409090909)
    53.41
    """
    if central == 0 or not math.isfinite(central):
        return central
    # From one significant figure (never rounding a value away to 0) down to
    # MAX_SIGNIFICANT of them.
    magnitude = math.floor(math.log10(abs(central)))
    finest = magnitude - (MAX_SIGNIFICANT - 1)
    for exponent in range(magnitude, finest, -1):
        candidate = _round_to(central, exponent)
        if low <= candidate <= high:
            return candidate
    return _round_to(central, finest)


def is_unrounded(value: float, central: float) -> bool:
    """Whether the rounded value is the result itself (then it stays exact)."""
    return math.isclose(value, central, rel_tol=1e-12, abs_tol=0.0)
