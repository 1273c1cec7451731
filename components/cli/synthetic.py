"""A synthetic national data set in the project's format, for scale testing.

    python -m components.synthetic --out /tmp/national --scale 1.0 --seed 42
    DASHBOARD_DATA_DIR=/tmp/national/data DASHBOARD_SEEDS_DIR=/tmp/national/seeds \\
        .venv/bin/gunicorn -c gunicorn.conf.py app:server

At ``--scale 1.0``: 31 provinces with 2,850 county-level divisions, 10 years
(2014–2023) and 30 indicators, 855,000 facts. ``--scale`` keeps that share
of the counties (``counties_kept``), 300 facts each, so the benchmark's steps
are 0.001 = 1x (3 counties, 900 facts: the curated data's order of size),
0.01 = 10x (28 counties, 8,400 facts), 0.1 = 100x (285 counties, 85,500
facts) and 1.0 = full size. The same seed and scale give byte-identical files.

Every fact is validated like a curated one: its quote is a sentence of the
generated seed text that states the value (values are rounded to two
significant figures so that a few thousand sentences cover every fact). The
names are made up ("河北第12县"); nothing here is real data.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
from pathlib import Path

from components.config import ROOT
from components.data.schema import Fact, Region

COUNTIES = 2850
YEARS = tuple(range(2014, 2024))
SEED_FILE = "synthetic_national.txt"
FACTS_FILE = "synthetic_facts.csv"
DATASET_IDS = ("synthetic_economy", "synthetic_innovation", "synthetic_society")

# (pinyin id, Chinese name, English name, county-level divisions, lat, lon):
# the 31 provincial divisions of the mainland; counts sum to COUNTIES.
PROVINCES = (
    ("beijing", "北京", "Beijing", 16, 39.9, 116.4), ("tianjin", "天津", "Tianjin", 16, 39.1, 117.2),
    ("hebei", "河北", "Hebei", 167, 38.0, 114.5), ("shanxi", "山西", "Shanxi", 117, 37.9, 112.6),
    ("neimenggu", "内蒙古", "Inner Mongolia", 103, 40.8, 111.7), ("liaoning", "辽宁", "Liaoning", 100, 41.8, 123.4),
    ("jilin", "吉林", "Jilin", 60, 43.9, 125.3), ("heilongjiang", "黑龙江", "Heilongjiang", 121, 45.8, 126.5),
    ("shanghai", "上海", "Shanghai", 16, 31.2, 121.5), ("jiangsu", "江苏", "Jiangsu", 95, 32.1, 118.8),
    ("zhejiang", "浙江", "Zhejiang", 90, 30.3, 120.2), ("anhui", "安徽", "Anhui", 104, 31.9, 117.3),
    ("fujian", "福建", "Fujian", 84, 26.1, 119.3), ("jiangxi", "江西", "Jiangxi", 100, 28.7, 115.9),
    ("shandong", "山东", "Shandong", 136, 36.7, 117.0), ("henan", "河南", "Henan", 157, 34.8, 113.7),
    ("hubei", "湖北", "Hubei", 103, 30.6, 114.3), ("hunan", "湖南", "Hunan", 122, 28.2, 113.0),
    ("guangdong", "广东", "Guangdong", 122, 23.1, 113.3), ("guangxi", "广西", "Guangxi", 111, 22.8, 108.3),
    ("hainan", "海南", "Hainan", 25, 20.0, 110.3), ("chongqing", "重庆", "Chongqing", 38, 29.6, 106.5),
    ("sichuan", "四川", "Sichuan", 183, 30.7, 104.1), ("guizhou", "贵州", "Guizhou", 88, 26.6, 106.7),
    ("yunnan", "云南", "Yunnan", 129, 25.0, 102.7), ("xizang", "西藏", "Tibet", 74, 29.7, 91.1),
    ("shaanxi", "陕西", "Shaanxi", 107, 34.3, 108.9), ("gansu", "甘肃", "Gansu", 86, 36.1, 103.8),
    ("qinghai", "青海", "Qinghai", 44, 36.6, 101.8), ("ningxia", "宁夏", "Ningxia", 22, 38.5, 106.3),
    ("xinjiang", "新疆", "Xinjiang", 114, 43.8, 87.6),
)

# (id, Chinese name, English name, unit, typical low, typical high, how the
# quote states it). Ranges are those of Chinese county statistics.
INDICATORS = (
    ("gdp", "地区生产总值", "GDP", "CNY", 2e9, 2e11, "wan"),
    ("industrial_value_added", "规模以上工业增加值", "Industrial value added", "CNY", 3e8, 8e10, "wan"),
    ("fiscal_revenue", "一般公共预算收入", "Fiscal revenue", "CNY", 1e8, 3e10, "wan"),
    ("fixed_investment", "固定资产投资", "Fixed-asset investment", "CNY", 1e9, 1e11, "wan"),
    ("retail_sales", "社会消费品零售总额", "Retail sales", "CNY", 5e8, 8e10, "wan"),
    ("rd_spending", "研发经费投入", "R&D spending", "CNY", 1e7, 5e9, "wan"),
    ("urban_income", "城镇居民人均可支配收入", "Urban disposable income per head", "CNY", 2.2e4, 8e4, "plain"),
    ("rural_income", "农村居民人均可支配收入", "Rural disposable income per head", "CNY", 8e3, 4e4, "plain"),
    ("deposits", "金融机构存款余额", "Bank deposits", "CNY", 5e9, 3e11, "wan"),
    ("exports", "出口总额", "Exports", "CNY", 1e7, 5e10, "wan"),
    ("gdp_growth", "地区生产总值增速", "GDP growth", "percent", 1.0, 12.0, "percent"),
    ("rd_intensity", "研发投入强度", "R&D intensity", "percent", 0.3, 4.5, "percent"),
    ("urbanisation_rate", "城镇化率", "Urbanisation rate", "percent", 25.0, 90.0, "percent"),
    ("forest_cover", "森林覆盖率", "Forest cover", "percent", 5.0, 75.0, "percent"),
    ("income_growth", "居民收入增速", "Income growth", "percent", 2.0, 11.0, "percent"),
    ("high_tech_firms", "高新技术企业", "High-tech enterprises", "count", 5, 900, "家"),
    ("tech_smes", "科技型中小企业", "Technology SMEs", "count", 10, 2000, "家"),
    ("patents_granted", "专利授权量", "Patents granted", "count", 50, 20000, "件"),
    ("invention_patents", "发明专利授权量", "Invention patents granted", "count", 5, 3000, "件"),
    ("rd_institutions", "企业研发机构", "Enterprise R&D institutions", "count", 3, 600, "家"),
    ("incubators", "科技企业孵化器", "Technology incubators", "count", 1, 40, "家"),
    ("listed_firms", "上市企业", "Listed companies", "count", 1, 60, "家"),
    ("schools", "中小学校", "Primary and secondary schools", "count", 20, 400, "所"),
    ("hospital_beds", "医疗卫生机构床位", "Hospital beds", "count", 300, 20000, "张"),
    ("villages", "行政村", "Administrative villages", "count", 50, 900, "个"),
    ("tourists", "接待游客", "Tourist visits", "count", 1e5, 3e7, "wan_count"),
    ("farmland", "耕地面积", "Farmland", "mu", 1e4, 3e6, "亩"),
    ("grain_output", "粮食产量", "Grain output", "jin", 1e7, 3e9, "wan_jin"),
    ("livestock", "生猪出栏", "Pigs slaughtered", "head", 1e3, 2e6, "头"),
    ("income_ratio", "城乡居民收入比", "Urban-rural income ratio", "ratio", 1.4, 3.2, "倍"),
)


def round2(value: float) -> float:
    """Two significant figures: a few hundred distinct values per indicator."""
    digits = len(str(int(abs(value)))) if abs(value) >= 1 else 1
    return round(value, 2 - digits) if digits > 2 else round(value, 1)


def stated(value: float, style: str) -> tuple[float, str]:
    """(the value in base units, the numeral as a sentence writes it)."""
    if style == "wan":  # yuan, written in 万元
        wan = max(1, int(round2(value / 1e4)))
        return wan * 1e4, f"{wan}万元"
    if style in ("wan_count", "wan_jin"):
        wan = max(1, int(round2(value / 1e4)))
        return wan * 1e4, f"{wan}万" + ("人次" if style == "wan_count" else "斤")
    if style == "plain":
        amount = int(round2(value))
        return float(amount), f"{amount}元"
    if style in ("percent", "倍"):
        amount = round(value, 1)
        return amount, f"{amount:g}" + ("%" if style == "percent" else "倍")
    amount = max(1, int(round2(value)))
    return float(amount), f"{amount}{style}"


def quote_for(indicator_zh: str, numeral: str) -> str:
    return f"样本县{indicator_zh}为{numeral}。"


def counties_kept(scale: float) -> list[int]:
    """How many counties each province keeps: ``round(2,850 × scale)`` (at least 1) in all.

    Shared out by largest remainder, ties to the earlier province, so the
    total is exact: 0.001 keeps 3 counties, 0.01 keeps 28, 0.1 keeps 285 and
    1.0 all 2,850. Small scales leave most provinces without counties.
    """
    wanted = max(1, min(COUNTIES, round(COUNTIES * scale)))
    quotas = [count * wanted / COUNTIES for _, _, _, count, _, _ in PROVINCES]
    kept = [int(q) for q in quotas]
    by_remainder = sorted(range(len(PROVINCES)), key=lambda i: (kept[i] - quotas[i], i))
    for i in by_remainder[: wanted - sum(kept)]:
        kept[i] += 1
    return kept


def counties_for(scale: float) -> list[tuple[str, str, str, str, float, float, int]]:
    """(id, name_zh, name_en, province id, lat, lon, province index) of the kept counties."""
    counties = []
    for p_index, ((pid, zh, en, _, lat, lon), keep) in enumerate(zip(PROVINCES, counties_kept(scale))):
        for n in range(1, keep + 1):
            counties.append((f"{pid}_{n:03d}", f"{zh}第{n}县", f"{en} county {n}", pid, lat, lon, p_index))
    return counties


def generate(out: Path, scale: float = 1.0, seed: int = 42) -> dict:
    """Write ``out/data`` and ``out/seeds``; returns counts of what was written."""
    rng = random.Random(seed)
    data, seeds = out / "data", out / "seeds"
    for sub in ("facts", "regions"):
        (data / sub).mkdir(parents=True, exist_ok=True)
    seeds.mkdir(parents=True, exist_ok=True)
    counties = counties_for(scale)

    with open(data / "regions" / "regions.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(Region.REQUIRED)
        for pid, zh, en, _, lat, lon in PROVINCES:
            writer.writerow([pid, zh, en, "province", "", zh, en, lat, lon])
        for cid, zh, en, pid, lat, lon, p_index in counties:
            province = PROVINCES[p_index]
            writer.writerow(
                [cid, zh, en, "county", pid, province[1], province[2], round(lat + rng.uniform(-2, 2), 4), round(lon + rng.uniform(-2, 2), 4)]
            )

    quotes: dict[str, None] = {}  # insertion-ordered set: the seed's sentences
    columns = Fact.REQUIRED + Fact.OPTIONAL
    rows = 0
    with open(data / "facts" / FACTS_FILE, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for cid, _, _, _, _, _, _ in counties:
            size = rng.lognormvariate(0, 0.6)  # one county is larger in every respect
            for i, (ind, zh, en, unit, low, high, style) in enumerate(INDICATORS):
                base = low * (high / low) ** min(1.0, max(0.0, rng.betavariate(2, 3) * size))
                trend = rng.uniform(-0.02, 0.08) if unit != "percent" else 0.0
                for y, year in enumerate(YEARS):
                    value, numeral = stated(base * (1 + trend) ** y * rng.uniform(0.97, 1.03), style)
                    quote = quote_for(zh, numeral)
                    quotes[quote] = None
                    record = {
                        Fact.FACT_ID: f"{cid}_{ind}_{year}",
                        Fact.DATASET: DATASET_IDS[i // 10],
                        Fact.REGION_ID: cid,
                        Fact.INDICATOR_ID: f"syn_{ind}",
                        Fact.INDICATOR_ZH: zh,
                        Fact.INDICATOR_EN: en,
                        Fact.PERIOD: str(year),
                        Fact.VALUE: f"{value:.15g}",
                        Fact.UNIT: unit,
                        Fact.QUALIFIER: "exact",
                        Fact.DERIVED: "false",
                        Fact.SOURCE_FILE: SEED_FILE,
                        Fact.SOURCE_QUOTE: quote,
                    }
                    writer.writerow([record.get(c, "") for c in columns])
                    rows += 1

    (seeds / SEED_FILE).write_text(
        "合成数据:以下句子为程序生成,不是真实统计。\n\n" + "\n".join(quotes) + "\n", encoding="utf-8"
    )
    metadata = json.loads((ROOT / "data" / "metadata.json").read_text(encoding="utf-8"))
    metadata["title"] = {"zh": "合成全国县域数据(规模测试)", "en": "Synthetic national county data (scale test)"}
    metadata["description"] = {
        "zh": f"程序生成(种子 {seed},规模 {scale}),不是真实数据。",
        "en": f"Generated by components.synthetic (seed {seed}, scale {scale}); not real data.",
    }
    metadata["sources"] = [
        {
            "file": SEED_FILE,
            "publisher_zh": "合成数据",
            "publisher_en": "Synthetic data",
            "published": "2024",
            "licence": "Generated test data, CC0.",
        }
    ]
    metadata["datasets"] = {
        ds: {"title_zh": zh, "title_en": en}
        for ds, zh, en in zip(DATASET_IDS, ("经济", "创新", "社会与资源"), ("Economy", "Innovation", "Society and resources"))
    }
    # Which of its indicators the themed charts draw (data.chartconfig): the
    # national data compares counties on incomes, innovation counts and
    # farming; the funding, innovation-share and cluster charts have nothing
    # of it to draw and say so.
    metadata["indicators"] = {}
    metadata["charts"] = {
        "income-growth": {
            "panels": [
                {
                    "title_zh": "人均可支配收入(元)",
                    "title_en": "Per-capita disposable income (CNY)",
                    "series": [
                        {"indicator": "syn_urban_income", "label_zh": "城镇居民", "label_en": "Urban"},
                        {"indicator": "syn_rural_income", "label_zh": "农村居民", "label_en": "Rural"},
                    ],
                },
                {
                    "title_zh": "城乡居民收入比",
                    "title_en": "Urban–rural income ratio",
                    "series": [{"indicator": "syn_income_ratio", "label_zh": "城乡收入比", "label_en": "Urban ÷ rural"}],
                },
            ],
            "rank_by": "syn_urban_income",
        },
        "digitalization": {
            "indicators": ["syn_high_tech_firms", "syn_tech_smes", "syn_rd_institutions", "syn_incubators", "syn_listed_firms"],
            "unit": "count",
            "rank_by": "syn_high_tech_firms",
        },
        "agriculture": {"indicators": ["syn_farmland", "syn_grain_output", "syn_livestock", "syn_villages"], "rank_by": "syn_grain_output"},
    }
    (data / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=2), encoding="utf-8")
    return {"regions": len(PROVINCES) + len(counties), "counties": len(counties), "facts": rows, "sentences": len(quotes)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="directory to write data/ and seeds/ into")
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 2,850 counties (1.0 = all)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    for sub in ("data", "seeds"):
        shutil.rmtree(args.out / sub, ignore_errors=True)
    print(json.dumps(generate(args.out, args.scale, args.seed)))


if __name__ == "__main__":
    main()
