"""Which facts each themed chart draws, and in what role: the ``charts`` section of metadata.json.

The charts are drawn from the data, not for one article: a chart's builder
never names a fact or a region, only roles ("the amounts", "the context
pools", "a series with its growth rate"), and this section says which
datasets and indicator ids fill each role. A curator who adds a county with
the same indicator ids sees it in every chart it has data for; a new data
set (the synthetic national one) brings its own section.

    "charts": {
      "funding-tiers": {"datasets": ["funding_tiers"], "unit": "CNY",
                        "context": ["talent_angel_fund_size"]},
      "income-growth": {"panels": [{"title_zh": "…", "title_en": "…",
                        "series": [{"indicator": "urban_disposable_income_pc",
                                    "growth": "urban_disposable_income_growth",
                                    "label_zh": "城镇居民", "label_en": "Urban"}]}]},
      …
    }

Keys (all optional; a chart without an entry has nothing to draw and says so):

* ``datasets``: every fact of these datasets; ``indicators``: these indicator
  ids (and their order);
* ``unit``: only facts in this unit go on the chart's axis, the others of the
  selection become a note;
* ``context``: indicator ids drawn as context (a pool, not an amount paid);
* ``notes``: indicator ids shown as notes under the chart, not as marks;
* ``reference``: ``{"value", "label_zh", "label_en"}``, a reference line;
* ``rank_by``: the indicator that ranks regions when there are too many to draw;
* ``panels``: ``[{"title_zh", "title_en", "series": [{"indicator", "growth",
  "label_zh", "label_en"}]}]``, one panel of series each, a series with an
  optional growth-rate indicator shown with its values.

Chart keys are the charts' slugs (the graph id without ``-graph``); the
registry (components.charts.registry) checks that each names a chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


CHARTS_KEY = "charts"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LIST_KEYS = ("datasets", "indicators", "context", "notes")
KNOWN_KEYS = (*LIST_KEYS, "unit", "reference", "rank_by", "panels")
LABELS = ("label_zh", "label_en")


@dataclass(frozen=True)
class Series:
    indicator: str
    label_zh: str
    label_en: str
    growth: str | None = None

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class Panel:
    title_zh: str
    title_en: str
    series: tuple[Series, ...]

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


@dataclass(frozen=True)
class Reference:
    value: float
    label_zh: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class ChartConfig:
    """One chart's selection and roles (see the module docstring)."""

    datasets: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    unit: str | None = None
    context: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    reference: Reference | None = None
    rank_by: str | None = None
    panels: tuple[Panel, ...] = field(default=())

    def indicator_ids(self) -> tuple[str, ...]:
        """Every indicator id the config names, in order, once."""
        named = [*self.indicators, *self.context, *self.notes]
        named += [item for panel in self.panels for s in panel.series for item in (s.indicator, s.growth) if item]
        if self.rank_by:
            named.append(self.rank_by)
        return tuple(dict.fromkeys(named))

    def drawn_indicators(self, dataset_indicators: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
        """The indicator ids this chart draws: those it names, then every indicator of its datasets.

        Selecting by indicator id, not by dataset, is what makes facts
        comparable across sources: a county added in a dataset of its own,
        with the same indicator ids, is drawn next to the first one.
        ``dataset_indicators`` maps each dataset to the indicator ids its facts use.
        """
        from_datasets = [i for d in self.datasets for i in dataset_indicators.get(d, ())]
        return tuple(dict.fromkeys([*self.indicator_ids(), *from_datasets]))


EMPTY = ChartConfig()


def _texts(value: object, keys: tuple[str, ...], where: str, problems: list[tuple[str, str]]) -> dict[str, str]:
    texts = {}
    for key in keys:
        text = value.get(key) if isinstance(value, dict) else None
        if not isinstance(text, str) or not text.strip():
            problems.append((f"{where}.{key}", "required text is missing or empty"))
        texts[key] = text if isinstance(text, str) else ""
    return texts


def _id_list(value: object, where: str, problems: list[tuple[str, str]]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        problems.append((where, "must be a list of ids"))
        return ()
    return tuple(value)


def _series(value: object, where: str, problems: list[tuple[str, str]]) -> Series | None:
    if not isinstance(value, dict) or not isinstance(value.get("indicator"), str):
        problems.append((where, "a series needs an 'indicator' id"))
        return None
    growth = value.get("growth")
    if growth is not None and not isinstance(growth, str):
        problems.append((f"{where}.growth", "must be an indicator id"))
        growth = None
    unknown = set(value) - {"indicator", "growth", *LABELS}
    if unknown:
        problems.append((where, f"unknown key(s) {', '.join(sorted(unknown))}"))
    return Series(value["indicator"], growth=growth, **_texts(value, LABELS, where, problems))


def _panel(value: object, where: str, problems: list[tuple[str, str]]) -> Panel | None:
    if not isinstance(value, dict) or not isinstance(value.get("series"), list) or not value["series"]:
        problems.append((where, "a panel needs a non-empty 'series' list"))
        return None
    series = tuple(s for i, item in enumerate(value["series"]) if (s := _series(item, f"{where}.series[{i}]", problems)))
    return Panel(series=series, **_texts(value, ("title_zh", "title_en"), where, problems))


def parse_chart_configs(raw: object) -> tuple[dict[str, ChartConfig], list[tuple[str, str]]]:
    """({chart slug: config}, [(key path, problem)]) of the ``charts`` section."""
    problems: list[tuple[str, str]] = []
    if raw is None:
        return {}, problems
    if not isinstance(raw, dict):
        return {}, [(CHARTS_KEY, "must be an object of chart slug -> settings")]
    configs = {}
    for slug, entry in raw.items():
        where = f"{CHARTS_KEY}.{slug}"
        if not SLUG_PATTERN.match(str(slug)):
            problems.append((where, "chart keys are slugs like 'funding-tiers'"))
            continue
        if not isinstance(entry, dict):
            problems.append((where, "must be an object"))
            continue
        unknown = set(entry) - set(KNOWN_KEYS)
        if unknown:
            problems.append((where, f"unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(KNOWN_KEYS)})"))
        lists = {key: _id_list(entry[key], f"{where}.{key}", problems) for key in LIST_KEYS if key in entry}
        reference = None
        if "reference" in entry:
            ref = entry["reference"]
            value = ref.get("value") if isinstance(ref, dict) else None
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                problems.append((f"{where}.reference.value", "must be a number"))
            else:
                reference = Reference(float(value), **_texts(ref, LABELS, f"{where}.reference", problems))
        panels = ()
        if "panels" in entry:
            if not isinstance(entry["panels"], list):
                problems.append((f"{where}.panels", "must be a list of panels"))
            else:
                panels = tuple(p for i, item in enumerate(entry["panels"]) if (p := _panel(item, f"{where}.panels[{i}]", problems)))
        for key in ("unit", "rank_by"):
            if key in entry and not isinstance(entry[key], str):
                problems.append((f"{where}.{key}", "must be a string"))
        configs[slug] = ChartConfig(
            **lists,
            unit=entry.get("unit") if isinstance(entry.get("unit"), str) else None,
            rank_by=entry.get("rank_by") if isinstance(entry.get("rank_by"), str) else None,
            reference=reference,
            panels=panels,
        )
    return configs, problems


def reference_problems(configs: dict[str, ChartConfig], datasets: set[str], indicators: set[str], units: set[str]) -> list[tuple[str, str]]:
    """Names in the configs that the data does not have: a typo would silently empty a chart."""
    problems = []
    for slug, config in configs.items():
        where = f"{CHARTS_KEY}.{slug}"
        for dataset in config.datasets:
            if dataset not in datasets:
                problems.append((f"{where}.datasets", f"unknown dataset {dataset!r} (define it under 'datasets')"))
        for indicator in config.indicator_ids():
            if indicator not in indicators:
                problems.append((where, f"no fact has indicator {indicator!r}"))
        if config.unit is not None and config.unit not in units:
            problems.append((f"{where}.unit", f"unknown unit {config.unit!r}"))
    return problems


INDICATORS_KEY = "indicators"
INDICATOR_KEYS = ("short_zh", "short_en")


def indicator_problems(raw: object, indicators: set[str]) -> list[tuple[str, str]]:
    """Problems of the ``indicators`` section: {indicator id: {"short_zh", "short_en"}}, short names for axes."""
    if raw is None:
        return []
    if not isinstance(raw, dict):
        return [(INDICATORS_KEY, "must be an object of indicator id -> short names")]
    problems = []
    for indicator, entry in raw.items():
        where = f"{INDICATORS_KEY}.{indicator}"
        if indicator not in indicators:
            problems.append((where, f"no fact has indicator {indicator!r}"))
        if not isinstance(entry, dict) or set(entry) - set(INDICATOR_KEYS):
            problems.append((where, f"must be an object with {' and/or '.join(INDICATOR_KEYS)}"))
        elif not all(isinstance(v, str) and v.strip() for v in entry.values()):
            problems.append((where, "short names must be non-empty texts"))
    return problems
