"""A derived value is rounded to what the precision of its inputs supports."""

import pytest

from components.data.loader import evaluate_formula
from components.data.numbers import find_numbers
from components.data.precision import Interval, is_unrounded, stated_half_width, supported_rounding
from components.data.textmatch import SourceText


def mention(text):
    (found,) = [m for m in find_numbers(SourceText("t.txt", text)) if m.kind == "quantity"]
    return found


@pytest.mark.parametrize(
    "text, unit, half",
    [
        ("增长3.8%。", "percent", 0.05),
        ("完成财政收入1.36亿元。", "CNY", 5e5),
        ("收入30356元。", "CNY", 0.5),
        ("撬动企业研发投入3589.18万元。", "CNY", 50),
        ("企业上云数量3.3万余家。", "count", 500),
        ("立项47项。", "count", 0),  # a count is exact
        ("搬迁6000户。", "household", 0),
    ],
)
def test_a_stated_value_is_known_to_half_a_unit_of_its_last_written_digit(text, unit, half):
    """'3.8%' is 3.75 to 3.85, '1.36亿元' ±50万元; a plain integer count is exact."""
    assert stated_half_width(mention(text), unit) == pytest.approx(half)


@pytest.mark.parametrize(
    "central, low, high, rounded",
    [
        (30356 / 1.038, 29230.14, 29259.28, 29240),  # Huanjiang's urban income, 2019
        (11856 / 1.085, 10921.70, 10932.69, 10930),
        (1.36e8 / 1.632, 83001531.4, 83665338.6, 83300000),  # 8300万 falls just outside
        (18500, 18499, 18501, 18500),
        (47 / 88 * 100, 47 / 88 * 100, 47 / 88 * 100, 53.41),  # exact inputs: 4 significant figures
        (30356 / 11856, 2.56024, 2.56054, 2.56),  # would support 2.5604; 4 figures at most
        (500, 0, 1000, 500),  # never rounded away to 0
        (-1234.5, -1300, -1200, -1200),
        (0.0, -1, 1, 0.0),
    ],
)
def test_supported_rounding_takes_the_coarsest_step_inside_the_interval(central, low, high, rounded):
    """The coarsest power of ten whose rounding stays in [low, high], to at most 4 significant figures."""
    assert supported_rounding(central, low, high) == pytest.approx(rounded, rel=1e-12)


def test_rounding_that_changes_nothing_leaves_the_value_exact():
    """30356 − 11856 = 18500 needs no rounding: exact; 29244.70 → 29240 is rounded: approx."""
    assert is_unrounded(supported_rounding(18500.0, 18499, 18501), 18500.0)
    assert not is_unrounded(supported_rounding(30356 / 1.038, 29230.1, 29259.3), 30356 / 1.038)


def test_formulas_evaluate_on_intervals():
    """The same formula gives the central value on numbers and its range on intervals."""
    formula = "{income} / (1 + {growth} / 100)"
    interval = evaluate_formula(formula, {"income": Interval(30355.5, 30356.5), "growth": Interval(3.75, 3.85)})
    assert interval.low == pytest.approx(30355.5 / 1.0385)
    assert interval.high == pytest.approx(30356.5 / 1.0375)
    assert interval.low < evaluate_formula(formula, {"income": 30356.0, "growth": 3.8}) < interval.high


def test_interval_arithmetic_covers_every_combination():
    """Subtraction widens, a product takes its extreme corners, a negation flips."""
    assert Interval(1, 2) - Interval(0.5, 1) == Interval(0, 1.5)
    assert Interval(-1, 2) * Interval(3, 4) == Interval(-4, 8)
    assert -Interval(1, 2) == Interval(-2, -1)
    assert 10 / Interval(2, 5) == Interval(2, 5)


def test_dividing_by_an_interval_that_holds_zero_is_refused():
    with pytest.raises(ValueError, match="divides by zero"):
        evaluate_formula("{a} / {b}", {"a": Interval(1, 2), "b": Interval(-1, 1)})
