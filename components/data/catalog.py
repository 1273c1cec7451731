"""What the data holds besides its facts: region names and colours, sources, chart roles, dataset titles.

Built once per load (``Catalog.of``, by the store) and handed to every
figure builder, the table and the provenance panel, so each names regions
and sources the same way, and a builder stays a pure function of its
arguments: the same facts and catalog always give the same figure. Nothing
here is written at request time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from components.data.chartconfig import EMPTY, ChartConfig
from components.data.regions import RegionLabel, region_labels, unknown_label
from components.data.schema import Region
from components.text import t

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
class Catalog:
    regions: Mapping[str, RegionLabel]
    region_order: tuple[str, ...]  # the regions table's order
    sources: Mapping[str, SourceLabel]
    configs: Mapping[str, ChartConfig]
    datasets: Mapping[str, Mapping[str, str]]  # dataset id -> its metadata (title_zh, title_en, ...)

    @classmethod
    def of(cls, regions, metadata: dict, configs: Mapping[str, ChartConfig]) -> "Catalog":
        """The context of one loaded dataset: its regions table, metadata.json and chart configs."""
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
        return cls(
            regions=MappingProxyType(labels),
            region_order=tuple(regions[Region.REGION_ID].astype(str)) if len(regions) else (),
            sources=MappingProxyType(sources),
            configs=MappingProxyType(dict(configs)),
            datasets=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in datasets.items() if isinstance(v, dict)}),
        )

    def region(self, region_id: str) -> RegionLabel:
        return self.regions.get(region_id) or unknown_label(region_id)

    def config(self, slug: str) -> ChartConfig:
        return self.configs.get(slug, EMPTY)

    def ordered(self, region_ids: Iterable[str]) -> list[str]:
        """The ids in the regions table's order (unknown ones last, sorted)."""
        wanted = set(region_ids)
        known = [r for r in self.region_order if r in wanted]
        return known + sorted(wanted - set(known))

    def dataset_title(self, dataset: str, lang: str) -> str:
        entry = self.datasets.get(dataset, {})
        return entry.get("title_zh" if lang == "zh" else "title_en") or dataset

    def source_line(self, files: Iterable[str], lang: str) -> str:
        """"来源:科技日报(2021年7月)· file.txt" for every source file of the facts shown, in metadata order."""
        shown = sorted(set(files), key=lambda f: (self.sources[f].order if f in self.sources else 1 << 30, f))
        cited = [(self.sources[f].cited(lang) if f in self.sources else f) + " · " + f for f in shown]
        separator = ";" if lang == "zh" else "; "
        return t("source.prefix", lang) + separator.join(cited) if cited else ""
