"""Every piece of UI text, in Chinese and English.

``TEXTS`` is a plain dict literal keyed by message id so that new strings are
one entry each. Values may hold ``str.format`` fields ("{value}"), filled by
``t(key, lang, value=...)``. Region names and short chart labels live here too:
the figure builders receive facts without the regions table, and an
indicator's full name from the data is often too long for a phone-width axis.
"""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

TEXTS: dict[str, dict[str, str]] = {
    # --- shared -------------------------------------------------------------
    "no_data": {"zh": "当前筛选条件下没有数据", "en": "No data for this selection"},
    "source_line": {
        "zh": "来源:科技日报(2021年7月)· 000_3d761635c312e61a.txt",
        "en": "Source: Science and Technology Daily (July 2021) · 000_3d761635c312e61a.txt",
    },
    "empty.description": {"zh": "空图表:{message}", "en": "Empty chart: {message}"},
    # The page's box of a chart the view has no data for (callbacks.chart_item).
    "empty.card": {"zh": "{title}:{message}", "en": "{title}: {message}"},
    "chart.failed": {"zh": "暂时无法绘制,请稍后重试", "en": "could not be drawn just now; please try again"},
    "hover.value": {"zh": "数值", "en": "Value"},
    "hover.period": {"zh": "时期", "en": "Period"},
    "hover.region": {"zh": "地区", "en": "Region"},
    "hover.dataset": {"zh": "数据集", "en": "Dataset"},
    "hover.derived": {"zh": "推算值", "en": "Derived"},
    "hover.stated": {"zh": "原文数值", "en": "Stated in source"},
    "hover.facts": {"zh": "数据条数", "en": "Facts"},
    "hover.growth": {"zh": "增长率", "en": "Growth"},
    "hover.districts": {"zh": "区县", "en": "Districts"},
    "hover.industries": {"zh": "产业", "en": "Industries"},
    "hover.group": {"zh": "板块", "en": "Group"},
    "hover.cluster": {"zh": "产业集群区", "en": "Cluster area"},
    "hover.industry": {"zh": "产业", "en": "Industry"},
    "derived.tag": {"zh": "推算", "en": "derived"},
    "qualifier.exact": {"zh": "确切值", "en": "exact"},
    "qualifier.approx": {"zh": "近似值(近)", "en": "approximate (≈)"},
    "qualifier.at_least": {"zh": "下限值(≥,余/多/超)", "en": "lower bound (≥, at least)"},
    "qualifier.at_most": {"zh": "上限值(≤,最高/不超过)", "en": "cap (≤, up to)"},
    "axis.log": {"zh": "对数刻度", "en": "log scale"},
    "key.bound": {"zh": "斜线 = 下限值(≥,原文为“余/多/以上”)", "en": "Hatched = lower bound (≥, 'more than' in the source)"},
    "note.not_on_axis": {"zh": "未画在数值轴上(单位不同):{items}", "en": "Not on the axis (other units): {items}"},
    # --- exported images: the view drawn under the source line ------------
    "export.filter": {"zh": "筛选:", "en": "Filter: "},
    "export.all_regions": {"zh": "全部地区", "en": "all regions"},
    "export.language": {"zh": "语言:中文", "en": "Language: English"},
    "export.markers": {"zh": "标记:", "en": "Markers: "},
    "export.marker.at_least": {"zh": "≥ 下限值(原文“余/多/超/以上”)", "en": "≥ at least (source: 'more than')"},
    "export.marker.at_most": {"zh": "≤ 上限值(原文“最高/不超过”)", "en": "≤ up to (a cap)"},
    "export.marker.approx": {"zh": "近 近似值", "en": "≈ approximately"},
    "export.link": {"zh": "本视图:", "en": "This view: "},
    # --- regions (full names, as in data/regions/regions.csv) ----------------
    "region.china": {"zh": "中国", "en": "China"},
    "region.zhangjiagang": {"zh": "张家港市", "en": "Zhangjiagang"},
    "region.huanjiang": {"zh": "环江毛南族自治县", "en": "Huanjiang Maonan Autonomous County"},
    "region.jiangxi": {"zh": "江西省", "en": "Jiangxi"},
    "region.chongqing": {"zh": "重庆市", "en": "Chongqing"},
    "region.yueqing": {"zh": "乐清市", "en": "Yueqing"},
    "region.zhejiang": {"zh": "浙江省", "en": "Zhejiang"},
    # Short forms for axis ticks.
    "region_short.china": {"zh": "全国", "en": "China"},
    "region_short.zhangjiagang": {"zh": "张家港", "en": "Zhangjiagang"},
    "region_short.huanjiang": {"zh": "环江", "en": "Huanjiang"},
    "region_short.jiangxi": {"zh": "江西", "en": "Jiangxi"},
    "region_short.chongqing": {"zh": "重庆", "en": "Chongqing"},
    "region_short.yueqing": {"zh": "乐清", "en": "Yueqing"},
    "region_short.zhejiang": {"zh": "浙江", "en": "Zhejiang"},
    # --- datasets (short labels; full titles are in data/metadata.json) -----
    "dataset.funding_tiers": {"zh": "人才资助标准", "en": "Funding tiers"},
    "dataset.innovation_points": {"zh": "企业创新积分", "en": "Innovation points"},
    "dataset.university_industry": {"zh": "产学研预研", "en": "Pre-research funds"},
    "dataset.talent_enterprises": {"zh": "人才企业", "en": "Talent enterprises"},
    "dataset.competitions": {"zh": "创新创业大赛", "en": "Contests"},
    "dataset.income_growth": {"zh": "收入与财政", "en": "Income and revenue"},
    "dataset.huanjiang_economy": {"zh": "工业与就业", "en": "Industry and jobs"},
    "dataset.huanjiang_agriculture": {"zh": "特色农业", "en": "Specialty farming"},
    "dataset.cas_cooperation": {"zh": "中科院合作", "en": "CAS cooperation"},
    "dataset.digitalization": {"zh": "产业数字化", "en": "Digitalisation"},
    "dataset.industry_brain": {"zh": "产业大脑", "en": "Industry brain"},
    "dataset.county_shares": {"zh": "县域占比", "en": "County shares"},
    "dataset.manufacturing_clusters": {"zh": "制造业集群", "en": "Manufacturing clusters"},
    # --- overview -------------------------------------------------------------
    "overview.title": {"zh": "各地区数据概览", "en": "What the data holds"},
    "overview.subtitle": {
        "zh": "圆点大小 = 数据条数;点击地区可筛选",
        "en": "Dot size = number of facts; click a region to filter",
    },
    "overview.x": {"zh": "地区", "en": "Region"},
    "overview.y": {"zh": "数据集", "en": "Dataset"},
    "overview.description": {
        "zh": "点阵图:{regions}个地区、{datasets}个数据集,共{facts}条数据,圆点大小表示每个地区和数据集的数据条数。",
        "en": "Dot matrix of {facts} facts across {regions} regions and {datasets} datasets; dot size shows the number of facts per region and dataset.",
    },
    # --- funding tiers ----------------------------------------------------------
    "funding.title": {"zh": "张家港人才政策资助标准", "en": "Zhangjiagang talent funding tiers"},
    "funding.subtitle": {"zh": "单位:元,对数刻度", "en": "CNY, log scale; M = million, B = billion"},
    "funding.axis": {"zh": "金额(元,对数刻度)", "en": "Amount (CNY, log scale)"},
    "funding.legend.exact": {"zh": "确定金额", "en": "Fixed"},
    "funding.legend.cap": {"zh": "上限(≤)", "en": "Cap (≤)"},
    "funding.legend.before": {"zh": "调整前上限", "en": "Cap before change"},
    "funding.legend.context": {"zh": "基金总规模(背景)", "en": "Fund size (context)"},
    "funding.key": {
        "zh": "图例:深色 = 确定金额;斜线 = 上限(≤,最高/不超过);空心框 = 调整前上限;灰色 = 基金总规模(背景,非单项资助)",
        "en": "Key: solid = fixed amount; hatched = cap (≤, up to); outline = cap before the change; grey = fund size (context, not a grant)",
    },
    "funding.raised": {"zh": "→ 提高至{times}倍", "en": "→ raised {times}×"},
    "funding.description": {
        "zh": "横向条形图,对数刻度:张家港{count}项资助标准,从{low}到{high};斜线条为上限值。",
        "en": "Horizontal bar chart on a log scale: {count} Zhangjiagang funding levels from {low} to {high}; hatched bars are caps.",
    },
    "label.top_talent_funding": {"zh": "顶尖人才(团队)", "en": "Top talent (team)"},
    "label.major_team_funding_cap": {"zh": "重大创新创业团队", "en": "Major innovation team"},
    "label.panfeng_support_cap": {"zh": "攀峰计划(每家企业)", "en": "Panfeng plan (per firm)"},
    "label.leading_talent_funding_cap": {"zh": "领军人才项目(2021)", "en": "Leading talent (2021)"},
    "label.leading_talent_funding_cap_before": {"zh": "领军人才项目(调整前)", "en": "Leading talent (before)"},
    "label.preresearch_advance_cap": {"zh": "预研资金预拨", "en": "Pre-research advance"},
    "label.preresearch_post_subsidy_cap": {"zh": "研发后期后补助(单项)", "en": "Post-subsidy (per project)"},
    "label.talent_angel_fund_size": {"zh": "人才天使母基金", "en": "Talent angel fund"},
    # --- income growth ----------------------------------------------------------
    "income.title": {"zh": "环江居民收入与财政收入", "en": "Huanjiang incomes and fiscal revenue"},
    "income.subtitle": {"zh": "城乡差距缩小:农村增速高于城镇", "en": "The urban–rural gap narrows: rural incomes grew faster"},
    "income.panel_income": {"zh": "人均可支配收入(元)", "en": "Per-capita disposable income (CNY)"},
    "income.panel_ratio": {"zh": "城乡收入比", "en": "Urban/rural ratio"},
    "income.panel_fiscal": {"zh": "一季度财政收入(元)", "en": "Q1 revenue (CNY)"},
    "income.urban": {"zh": "城镇居民", "en": "Urban"},
    "income.rural": {"zh": "农村居民", "en": "Rural"},
    "income.legend_derived": {"zh": "{period}(推算值)", "en": "{period} (derived)"},
    "income.legend_stated": {"zh": "{period}", "en": "{period}"},
    "income.legend_ratio": {"zh": "城乡收入比(城镇÷农村,推算)", "en": "Urban ÷ rural (derived)"},
    "income.growth": {"zh": "增长{rate}", "en": "+{rate}"},
    "income.note_derived": {
        "zh": "推算值 = 当期值 ÷ (1 + 增长率)",
        "en": "Derived: later value ÷ (1 + growth)",
    },
    "income.description": {
        "zh": "环江城镇和农村居民人均可支配收入(2019年推算值与2020年),城乡收入比由{ratio_from}降至{ratio_to},一季度财政收入增长{fiscal}。",
        "en": "Huanjiang urban and rural per-capita disposable income (2019 derived, 2020 stated); the urban–rural ratio fell from {ratio_from} to {ratio_to}; Q1 fiscal revenue grew {fiscal}.",
    },
    # --- digitalisation -----------------------------------------------------------
    "digi.title": {"zh": "江西产业数字化与浙江产业大脑", "en": "Jiangxi digitalisation and Zhejiang industry brain"},
    "digi.subtitle": {"zh": "数量,对数刻度", "en": "Counts, log scale; k = thousand"},
    "digi.axis": {"zh": "数量(对数刻度)", "en": "Count (log scale)"},
    "digi.description": {
        "zh": "横向条形图,对数刻度:{count}项数量指标,从{low}到{high};斜线条为下限值。",
        "en": "Horizontal bar chart on a log scale: {count} counts from {low} to {high}; hatched bars are lower bounds.",
    },
    # --- innovation points --------------------------------------------------------
    "innov.title": {"zh": "张家港创新积分:“四个90%”", "en": "Zhangjiagang innovation points: 'four 90%'"},
    "innov.subtitle": {"zh": "积分政策实施五年后的企业创新格局", "en": "Enterprise innovation after five years of the points policy"},
    "innov.axis": {"zh": "占比(%)", "en": "Share (%)"},
    "innov.line_90": {"zh": "90%", "en": "90%"},
    "innov.participations": {"zh": "累计参与积分:{value}家次({period})", "en": "Participations: {value} enterprise-times ({period})"},
    "innov.growth": {"zh": "企业积分年均增长{value}", "en": "Points grew {value} a year on average"},
    "innov.description": {
        "zh": "柱状图:张家港“四个90%”占比{shares}。",
        "en": "Bar chart of Zhangjiagang's 'four 90%' shares: {shares}.",
    },
    "label.share_large_firms_with_rd_institution": {"zh": "大中型工业企业和规上高企<br>建有研发机构", "en": "Large firms with<br>R&D institutions"},
    "label.share_hte_university_cooperation": {"zh": "规上高企开展<br>产学研合作", "en": "High-tech firms in<br>university cooperation"},
    "label.share_patents_from_enterprises": {"zh": "专利申请及授权<br>来自企业", "en": "Patents from<br>enterprises"},
    "label.share_talent_firms_with_rd_input": {"zh": "科技人才企业<br>有研发投入", "en": "Talent firms with<br>R&D spending"},
    # --- Huanjiang agriculture ----------------------------------------------------
    "agri.title": {"zh": "环江特色农业、就业与科技合作", "en": "Huanjiang farming, jobs and CAS cooperation"},
    "agri.subtitle": {"zh": "按单位分面板;跨度大的面板用对数刻度", "en": "One panel per unit; wide-ranging panels use log scales"},
    "agri.panel.mu": {"zh": "面积(亩)", "en": "Area (mu)"},
    "agri.panel.count": {"zh": "数量(个、家、位)", "en": "Counts"},
    "agri.panel.CNY": {"zh": "收入(元)", "en": "Income (CNY)"},
    "agri.panel.jin": {"zh": "销量(斤)", "en": "Sales (jin)"},
    "agri.panel.head": {"zh": "牲畜(头)", "en": "Livestock (head)"},
    "agri.panel.percent": {"zh": "占比(%)", "en": "Share (%)"},
    "agri.panel.ratio": {"zh": "倍数", "en": "Ratio"},
    "agri.panel.year": {"zh": "年数", "en": "Years"},
    "agri.description": {
        "zh": "分面板横向条形图:环江{count}项农业、就业和中科院合作数据,按单位分为{panels}个面板。",
        "en": "Panelled horizontal bar chart of {count} Huanjiang farming, jobs and CAS cooperation figures in {panels} panels by unit.",
    },
    # --- Chongqing clusters -------------------------------------------------------
    "clusters.title": {"zh": "重庆“一区两群”制造业布局", "en": "Chongqing's 'one area, two groups' manufacturing"},
    "clusters.subtitle": {"zh": "板块 → 产业集群区 → 产业;点击可放大", "en": "Group → cluster area → industries; click to zoom"},
    "clusters.root": {"zh": "重庆“一区两群”", "en": "Chongqing: one area, two groups"},
    "clusters.description": {
        "zh": "树状图:重庆{groups}个板块、{clusters}个产业集群区、{industries}项产业。",
        "en": "Treemap of Chongqing's {groups} groups, {clusters} cluster areas and {industries} industries.",
    },
}


def lookup(table: dict[str, dict[str, str]], key: str, lang: str, **fmt) -> str:
    """The text for ``key`` of ``table`` in ``lang`` (Chinese for an unknown language).

    Raises KeyError for an unknown key, so a typo fails in tests instead of
    showing an id on the page.
    """
    entry = table[key]
    text = entry.get(lang if lang in LANGS else DEFAULT_LANG) or entry[DEFAULT_LANG]
    return text.format(**fmt) if fmt else text


def t(key: str, lang: str, **fmt) -> str:
    """A figure text (titles, axes, notes) in the language."""
    return lookup(TEXTS, key, lang, **fmt)
