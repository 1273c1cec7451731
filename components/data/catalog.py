"""What the data holds besides its facts: region names and colours, sources, chart roles, dataset titles.

Built once per load (``Catalog.of``, by the store) and handed to every
figure builder, the table and the provenance panel, so each names regions
and sources the same way, and a builder stays a pure function of its
arguments: the same facts and catalog always give the same figure. Nothing
here is written at request time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from types import MappingProxyType

import pandas as pd

from components.data.chartconfig import EMPTY, ChartConfig
from components.data.regions import RegionLabel, region_labels, unknown_label
from components.data.schema import UNITS, Fact, Region, unit_label
from components.text import t

# Fields that are ids or codes, never shown as text.
_IDS = frozenset({"region_id", "indicator_id", "unit", "dataset", "file", "published", "indicator", "growth", "color"})
_MARKUP = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _escape(text: str) -> str:
    return text.translate(_MARKUP)


_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


@dataclass(frozen=True)
class SourceLabel:
    """A source file as a reader names it: publisher and date, in both languages."""

    file: str
    publisher_zh: str
    publisher_en: str
    published: str  # "2021-07", "2021-07-10" or "2021"
    order: int  # its place in metadata.json's list

    def cited(self, lang: str) -> str:
        """"科技日报(2021年7月)" / "Science and Technology Daily (July 2021)"."""
        publisher = self.publisher_zh if lang == "zh" else self.publisher_en
        date = published_date(self.published, lang)
        return (f"{publisher}({date})" if lang == "zh" else f"{publisher} ({date})") if date else publisher


def published_date(published: str, lang: str) -> str:
    """"2021-07" -> "2021年7月" / "July 2021"; a bare year as is; anything else unchanged."""
    parts = str(published).split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return str(published)
    if len(numbers) == 1:
        return f"{numbers[0]}年" if lang == "zh" else str(numbers[0])
    if len(numbers) in (2, 3) and 1 <= numbers[1] <= 12:
        year, month = numbers[0], numbers[1]
        if len(numbers) == 3:
            return f"{year}年{month}月{numbers[2]}日" if lang == "zh" else f"{numbers[2]} {_EN_MONTHS[month - 1]} {year}"
        return f"{year}年{month}月" if lang == "zh" else f"{_EN_MONTHS[month - 1]} {year}"
    return str(published)


@dataclass(frozen=True)
class IndicatorLabel:
    """An indicator as the charts and the explorer name it."""

    indicator_id: str
    name_zh: str
    name_en: str
    short_zh: str  # for axes: metadata.json "indicators" may give a shorter name
    short_en: str
    unit: str
    dataset: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def short(self, lang: str) -> str:
        return self.short_zh if lang == "zh" else self.short_en


def indicator_labels(facts: pd.DataFrame, metadata: dict) -> dict[str, IndicatorLabel]:
    """indicator_id -> its label, by theme (metadata's dataset order), then in order of first appearance."""
    if not len(facts):
        return {}
    columns = (Fact.INDICATOR_ID, Fact.INDICATOR_ZH, Fact.INDICATOR_EN, Fact.UNIT, Fact.DATASET)
    # One row per indicator: the loader keeps names and unit identical across its rows.
    first = facts.drop_duplicates(Fact.INDICATOR_ID)[list(columns)]
    datasets = list(metadata.get("datasets", {})) if isinstance(metadata.get("datasets"), dict) else []
    rank = {d: i for i, d in enumerate(datasets)}
    shorts = metadata.get("indicators", {}) if isinstance(metadata.get("indicators"), dict) else {}
    rows = sorted(
        enumerate(zip(*(first[c].astype(str).tolist() for c in columns))),
        key=lambda item: (rank.get(item[1][4], len(rank)), item[0]),
    )
    labels = {}
    for _, (indicator, name_zh, name_en, unit, dataset) in rows:
        short = shorts.get(indicator, {}) if isinstance(shorts.get(indicator), dict) else {}
        labels[indicator] = IndicatorLabel(
            indicator, name_zh, name_en, short.get("short_zh") or name_zh, short.get("short_en") or name_en, unit, dataset
        )
    return labels


@dataclass(frozen=True)
class Catalog:
    regions: Mapping[str, RegionLabel]
    region_order: tuple[str, ...]  # the regions table's order
    sources: Mapping[str, SourceLabel]
    configs: Mapping[str, ChartConfig]
    datasets: Mapping[str, Mapping[str, str]]  # dataset id -> its metadata (title_zh, title_en, ...)
    indicators: Mapping[str, IndicatorLabel]
    drawn: Mapping[str, tuple[str, ...]]  # chart slug -> the indicator ids it draws (ChartConfig.drawn_indicators)

    @classmethod
    def of(cls, facts: pd.DataFrame, regions: pd.DataFrame, metadata: dict, configs: Mapping[str, ChartConfig]) -> "Catalog":
        """The catalog of one loaded dataset: its facts, regions table, metadata.json and chart configs."""
        labels = region_labels(regions)
        entries = metadata.get("sources", []) if isinstance(metadata, dict) else []
        sources = {
            entry["file"]: SourceLabel(
                entry["file"], entry.get("publisher_zh", ""), entry.get("publisher_en", ""), str(entry.get("published", "")), order
            )
            for order, entry in enumerate(entries)
            if isinstance(entry, dict) and entry.get("file")
        }
        datasets = metadata.get("datasets", {}) if isinstance(metadata, dict) else {}
        indicators = indicator_labels(facts, metadata if isinstance(metadata, dict) else {})
        by_dataset: dict[str, list[str]] = {}
        for label in indicators.values():
            by_dataset.setdefault(label.dataset, []).append(label.indicator_id)
        # An indicator used in several datasets (a second source filed under
        # its own theme) belongs to each of them.
        if len(facts):
            pairs = facts[[Fact.DATASET, Fact.INDICATOR_ID]].drop_duplicates().astype(str).itertuples(index=False)
            for dataset, indicator in pairs:
                if indicator not in by_dataset.setdefault(dataset, []):
                    by_dataset[dataset].append(indicator)
        drawn = {slug: config.drawn_indicators({d: tuple(i) for d, i in by_dataset.items()}) for slug, config in configs.items()}
        return cls(
            regions=MappingProxyType(labels),
            region_order=tuple(regions[Region.REGION_ID].astype(str)) if len(regions) else (),
            sources=MappingProxyType(sources),
            configs=MappingProxyType(dict(configs)),
            datasets=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in datasets.items() if isinstance(v, dict)}),
            indicators=MappingProxyType(indicators),
            drawn=MappingProxyType(drawn),
        )

    def escaped(self) -> "Catalog":
        """The catalog with ``& < >`` of every text as entities, for Plotly, which reads markup in labels.

        Region and indicator names, dataset titles, publishers and role
        labels are curated data and must show as typed; the page's own
        components (React) need the plain texts, the figures these.
        """

        def texts(item):
            changes = {f.name: _escape(getattr(item, f.name)) for f in fields(item) if isinstance(getattr(item, f.name), str) and f.name not in _IDS}
            return replace(item, **changes)

        def config(item: ChartConfig) -> ChartConfig:
            panels = tuple(replace(texts(p), series=tuple(texts(x) for x in p.series)) for p in item.panels)
            return replace(item, panels=panels, reference=texts(item.reference) if item.reference else None)

        return replace(
            self,
            regions=MappingProxyType({k: texts(v) for k, v in self.regions.items()}),
            sources=MappingProxyType({k: texts(v) for k, v in self.sources.items()}),
            configs=MappingProxyType({k: config(v) for k, v in self.configs.items()}),
            datasets=MappingProxyType({k: MappingProxyType({f: _escape(v) if isinstance(v, str) else v for f, v in d.items()}) for k, d in self.datasets.items()}),
            indicators=MappingProxyType({k: texts(v) for k, v in self.indicators.items()}),
        )

    def region(self, region_id: str) -> RegionLabel:
        return self.regions.get(region_id) or unknown_label(region_id)

    def config(self, slug: str) -> ChartConfig:
        return self.configs.get(slug, EMPTY)

    def chart_facts(self, slug: str, facts: pd.DataFrame) -> pd.DataFrame:
        """The facts of a view that chart ``slug`` draws (none without a config)."""
        drawn = self.drawn.get(slug, ())
        if not drawn or not len(facts):
            return facts.iloc[0:0]
        return facts[facts[Fact.INDICATOR_ID].isin(list(drawn)).to_numpy(dtype=bool)]

    def ordered(self, region_ids: Iterable[str]) -> list[str]:
        """The ids in the regions table's order (unknown ones last, sorted)."""
        wanted = set(region_ids)
        known = [r for r in self.region_order if r in wanted]
        return known + sorted(wanted - set(known))

    def dataset_title(self, dataset: str, lang: str) -> str:
        entry = self.datasets.get(dataset, {})
        return entry.get("title_zh" if lang == "zh" else "title_en") or dataset

    def dataset_short(self, dataset: str, lang: str) -> str:
        """The theme's short name for axes (metadata ``short_zh``/``short_en``), else its title."""
        entry = self.datasets.get(dataset, {})
        return entry.get("short_zh" if lang == "zh" else "short_en") or self.dataset_title(dataset, lang)

    def unit_name(self, unit: str, lang: str) -> str:
        """"元" / "yuan (CNY)": the unit's name (schema.UNITS, which metadata.json repeats)."""
        return unit_label(unit, lang) if unit in UNITS else unit

    def indicator(self, indicator_id: str) -> IndicatorLabel | None:
        return self.indicators.get(indicator_id)

    def source_line(self, files: Iterable[str], lang: str) -> str:
        """"来源:科技日报(2021年7月)· file.txt" for every source file of the facts shown, in metadata order."""
        shown = sorted(set(files), key=lambda f: (self.sources[f].order if f in self.sources else 1 << 30, f))
        cited = [(self.sources[f].cited(lang) if f in self.sources else f) + " · " + f for f in shown]
        separator = ";" if lang == "zh" else "; "
        return t("source.prefix", lang) + separator.join(cited) if cited else ""
