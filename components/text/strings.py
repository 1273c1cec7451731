"""Every text of the dashboard, in Chinese and English: one table, namespaced keys.

Keys name their place: ``page.*`` the page around the charts, ``filter.*``,
``lang.*``, ``table.*``, ``provenance.*``, ``export.*`` (buttons and the
context drawn into exported images), ``notice.*`` (the URL's notices), and a
namespace per chart (``funding.*``, ``income.*``, ...) with shared chart
texts under ``chart.*``, ``hover.*``, ``key.*``, ``note.*``. Values may hold
``str.format`` fields ("{value}"), filled by ``components.text.t``. A test
fails on a key no code uses.
"""

TEXTS: dict[str, dict[str, str]] = {
    # ======================================================= the page
    "page.title": {"zh": "县域创新与乡村振兴数据看板", "en": "County innovation and rural revitalisation dashboard"},
    "page.subtitle": {
        "zh": "每个数字都来自新闻原文;点击任一柱形或数据点,即可查看它出自哪一句。",
        "en": "Every figure comes from a news text. Click any bar or point to see the sentence it comes from.",
    },
    "filter.label": {"zh": "地区(不选即全部)", "en": "Regions (none selected = all)"},
    "filter.placeholder": {"zh": "全部地区", "en": "All regions"},
    "filter.group": {"zh": "{province}(全部 {count} 个)", "en": "{province} (all {count})"},
    "explorer.label": {"zh": "指标", "en": "Indicator"},
    "explorer.placeholder": {"zh": "自动:数据最多的指标(可输入搜索)", "en": "Automatic: the indicator with most data (type to search)"},
    "explorer.option": {"zh": "{theme} · {indicator}", "en": "{theme} · {indicator}"},
    "explorer.table": {"zh": "以表格查看这些数值", "en": "These numbers as a table"},
    "explorer.table.region": {"zh": "地区", "en": "Region"},
    "explorer.table.period": {"zh": "时期", "en": "Period"},
    "explorer.table.value": {"zh": "数值", "en": "Value"},
    "explorer.table.empty": {"zh": "当前筛选条件下没有该指标的数据。", "en": "No data for this indicator in this selection."},
    # dcc.Dropdown's own texts; "{num_selected}" is the dropdown's to fill.
    "dropdown.select_all": {"zh": "全选", "en": "Select all"},
    "dropdown.deselect_all": {"zh": "取消全选", "en": "Deselect all"},
    "dropdown.selected_count": {"zh": "已选 {num_selected} 项", "en": "{num_selected} selected"},
    "dropdown.search": {"zh": "搜索", "en": "Search"},
    "dropdown.clear_search": {"zh": "清除搜索", "en": "Clear search"},
    "dropdown.clear_selection": {"zh": "清除选择", "en": "Clear selection"},
    "dropdown.no_options_found": {"zh": "没有匹配的选项", "en": "No options found"},
    "lang.label": {"zh": "语言", "en": "Language"},
    "provenance.title": {"zh": "数据出处", "en": "Where this number comes from"},
    "provenance.hint": {
        "zh": "点击图表中的柱形、数据点或表格中的一行,这里会显示该数字及其原文句子。",
        "en": "Click a bar or point in a chart, or a cell of the table, to see the number and its source sentence here.",
    },
    "provenance.missing": {"zh": "该数据不在当前数据集中。", "en": "That fact is not in the current data."},
    "provenance.region": {"zh": "地区", "en": "Region"},
    "provenance.period": {"zh": "时期", "en": "Period"},
    "provenance.value": {"zh": "数值", "en": "Value"},
    "provenance.qualifier": {"zh": "限定", "en": "Qualifier"},
    "provenance.derived": {"zh": "推算值,公式:", "en": "Derived, formula:"},
    "provenance.stated": {"zh": "原文直接给出", "en": "Stated in the source"},
    "provenance.source": {"zh": "原文(第{line}行,{file})", "en": "Source sentence (line {line}, {file})"},
    "provenance.cited": {"zh": "来源", "en": "Source"},
    "provenance.note": {"zh": "说明", "en": "Note"},
    "table.title": {"zh": "数据表", "en": "Data table"},
    "table.download": {"zh": "下载表格数据(CSV)", "en": "Download table (CSV)"},
    "export.all": {"zh": "导出全部图表(ZIP)", "en": "Export all charts (ZIP)"},
    "export.all_hint": {
        "zh": "当前视图的全部图表(PNG和SVG)、表格数据(CSV)和说明文件",
        "en": "Every chart of this view as PNG and SVG, the table as CSV, and a manifest",
    },
    "export.all_done": {"zh": "已生成 {count} 个文件({seconds} 秒)。", "en": "{count} files made in {seconds} s."},
    "export.all_unavailable": {
        "zh": "服务器暂时无法生成图片:{reason}。每个图表下的 PNG/SVG 按钮仍可在浏览器中导出。",
        "en": "The server cannot render images right now: {reason}. The PNG/SVG buttons under each chart still work in your browser.",
    },
    # export-all refused at once instead of queueing (components.services.exportgate)
    "export.all_busy": {
        "zh": "服务器正在生成另一份导出,请 {seconds} 秒后重试。",
        "en": "The server is making another export; try again in {seconds} s.",
    },
    "export.all_cooldown": {
        "zh": "刚刚导出过,请 {seconds} 秒后再试。",
        "en": "You exported a moment ago; try again in {seconds} s.",
    },
    "export.all_retry": {"zh": "导出全部图表(ZIP)· {seconds} 秒后重试", "en": "Export all charts (ZIP) · try again in {seconds} s"},
    "export.png": {"zh": "下载PNG图片(含标题、来源、筛选与链接)", "en": "Download PNG (with title, source, filter and link)"},
    "export.svg": {"zh": "下载SVG矢量图(含标题、来源、筛选与链接)", "en": "Download SVG (with title, source, filter and link)"},
    "table.col.region": {"zh": "地区", "en": "Region"},
    "table.col.indicator": {"zh": "指标", "en": "Indicator"},
    "table.col.period": {"zh": "时期", "en": "Period"},
    "table.col.value": {"zh": "数值", "en": "Value"},
    "table.col.unit": {"zh": "单位", "en": "Unit"},
    "table.col.qualifier": {"zh": "限定", "en": "Qualifier"},
    "table.col.derived": {"zh": "推算", "en": "Derived"},
    "table.col.quote": {"zh": "原文", "en": "Source sentence"},
    "table.caption": {"zh": "当前筛选条件下的全部数据,每页20条", "en": "Every figure of this selection, 20 a page"},
    "table.search": {"zh": "在表格中搜索", "en": "Search the table"},
    "table.search_hint": {"zh": "指标、地区、时期、原文……", "en": "indicator, region, period, quote…"},
    "table.status": {"zh": "共 {total} 条数据", "en": "{total} figures"},
    "table.status_search": {"zh": "含“{search}”的数据共 {total} 条", "en": "{total} figures contain '{search}'"},
    "table.empty": {"zh": "没有符合条件的数据。", "en": "No figure matches."},
    "table.open": {"zh": "查看出处:{region} {indicator}({period})", "en": "Where it comes from: {indicator}, {region} ({period})"},
    "table.sort_asc": {"zh": "按{column}升序排列", "en": "Sort by {column}, ascending"},
    "table.sort_desc": {"zh": "按{column}降序排列", "en": "Sort by {column}, descending"},
    "table.pager": {"zh": "表格分页", "en": "Table pages"},
    "table.page_of": {"zh": "第 {page}/{pages} 页", "en": "Page {page} of {pages}"},
    "table.page_first": {"zh": "首页", "en": "First"},
    "table.page_previous": {"zh": "上一页", "en": "Previous"},
    "table.page_next": {"zh": "下一页", "en": "Next"},
    "table.page_last": {"zh": "末页", "en": "Last"},
    "table.page_first_label": {"zh": "首页(第 {page} 页)", "en": "First page (page {page})"},
    "table.page_previous_label": {"zh": "上一页(第 {page} 页)", "en": "Previous page (page {page})"},
    "table.page_next_label": {"zh": "下一页(第 {page} 页)", "en": "Next page (page {page})"},
    "table.page_last_label": {"zh": "末页(第 {page} 页)", "en": "Last page (page {page})"},
    "word.yes": {"zh": "是", "en": "yes"},
    "word.no": {"zh": "否", "en": "no"},
    "page.footer": {
        "zh": "{sources}(原文见 seeds/)。每个数字均可追溯到原文句子;整理数据以 CC BY 4.0 提供。数据版本 {version}。",
        "en": "{sources} (texts in seeds/). Every number traces to its sentence; curated data under CC BY 4.0. Data version {version}.",
    },
    "page.api_links": {"zh": "全部数据:", "en": "All data:"},
    "notice.malformed": {"zh": "网址参数无法识别,已显示默认视图。", "en": "The address could not be read; showing the default view."},
    "notice.unknown_param": {"zh": "已忽略未知参数“{name}”。", "en": "Ignored the unknown parameter '{name}'."},
    "notice.repeated": {"zh": "参数“{name}”出现多次,已使用默认值。", "en": "The parameter '{name}' was given more than once; using its default."},
    "notice.bad_lang": {"zh": "不支持语言“{value}”,已使用中文。", "en": "The language '{value}' is not available; using Chinese."},
    "notice.bad_region": {"zh": "未知地区“{value}”,已忽略。", "en": "Unknown region(s) '{value}' ignored."},
    "notice.bad_sort": {"zh": "无法按“{value}”排序,已按默认顺序显示。", "en": "Cannot sort by '{value}'; showing the default order."},
    "notice.bad_indicator": {"zh": "未知指标“{value}”,已显示默认指标。", "en": "Unknown indicator '{value}'; showing the default one."},
    "notice.bad_input": {"zh": "收到无效的筛选值,已恢复默认视图。", "en": "An invalid filter value was received; showing the default view."},
    # ======================================================= the charts
    # --- shared -------------------------------------------------------------
    "chart.no_data": {"zh": "当前筛选条件下没有数据", "en": "No data for this selection"},
    "source.prefix": {"zh": "来源:", "en": "Source: "},
    "empty.description": {"zh": "空图表:{message}", "en": "Empty chart: {message}"},
    # The page's box of a chart the view has no data for (services.charts.chart_item).
    "empty.card": {"zh": "{title}:{message}", "en": "{title}: {message}"},
    "chart.failed": {"zh": "暂时无法绘制,请稍后重试", "en": "could not be drawn just now; please try again"},
    # Every themed chart's subtitle names the regions it shows.
    "chart.subtitle": {"zh": "{regions} · {detail}", "en": "{regions} · {detail}"},
    "regions.and_more": {"zh": "{names}等{count}个地区", "en": "{names} and others ({count} regions)"},
    "hover.value": {"zh": "数值", "en": "Value"},
    "hover.period": {"zh": "时期", "en": "Period"},
    "hover.region": {"zh": "地区", "en": "Region"},
    "hover.dataset": {"zh": "数据集", "en": "Dataset"},
    "hover.derived": {"zh": "推算值", "en": "Derived"},
    "hover.facts": {"zh": "数据条数", "en": "Facts"},
    "hover.districts": {"zh": "区县", "en": "Districts"},
    "hover.industries": {"zh": "产业", "en": "Industries"},
    "hover.group": {"zh": "板块", "en": "Group"},
    # The key of bar styles (charts.style.key_note), only the styles a chart draws.
    "key.prefix": {"zh": "图例:", "en": "Key: "},
    "key.solid": {"zh": "实心 = 原文确切值", "en": "solid = stated exact value"},
    "key.bound": {"zh": "斜线 = 上限或下限(≤ 最高/不超过,≥ 余/多/超/以上)", "en": "hatched = a bound (≤ up to, ≥ at least)"},
    "key.derived": {"zh": "交叉线 = 推算值", "en": "cross-hatched = derived from stated numbers"},
    "key.earlier": {"zh": "空心框 = 往期数值", "en": "outline = an earlier period"},
    "key.context": {"zh": "点状 = 背景总量(如基金规模,非单项金额)", "en": "dotted = context (a pool, not an amount paid)"},
    "key.derived_points": {
        "zh": "空心点 = 推算值(由原文数字计算,点击查看公式)",
        "en": "Open markers = derived values (computed from stated numbers; click one for its formula)",
    },
    "bar.label": {"zh": "{region}:{value}", "en": "{region}: {value}"},
    "note.not_on_axis": {"zh": "未画在数值轴上(单位不同):{items}", "en": "Not on the axis (other units): {items}"},
    "note.fact": {"zh": "{indicator}{value}({period})", "en": "{indicator} {value} ({period})"},
    "note.of_region": {"zh": "{region}:{text}", "en": "{region}: {text}"},
    # Many regions: a chart ranks them (charts.marks.limit_regions) and says so.
    "rank.note": {
        "zh": "共{total}个地区有数据,按{metric}显示最高和最低的各{each}个",
        "en": "{total} regions have data; showing the {each} highest and {each} lowest by {metric}",
    },
    "rank.missing": {"zh": "({count}个地区缺少该指标,未排名)", "en": " ({count} without it are not ranked)"},
    "median.name": {"zh": "{series}中位数(全部地区)", "en": "Median {series} (all regions)"},
    "median.regions": {"zh": "{count}个地区的中位数", "en": "median of {count} regions"},
    # How an earlier period's value changed by the next one, and growth with a level.
    "change.raised": {"zh": "→ {period}提高至{times}倍", "en": "→ ×{times} by {period}"},
    "change.lowered": {"zh": "→ {period}降至{times}倍", "en": "→ ×{times} by {period}"},
    "change.growth": {"zh": "增长{rate}", "en": "+{rate}"},
    # --- exported images: the view drawn under the source line ------------
    "export.filter": {"zh": "筛选:", "en": "Filter: "},
    "export.all_regions": {"zh": "全部地区", "en": "all regions"},
    "export.language": {"zh": "语言:中文", "en": "Language: English"},
    "export.markers": {"zh": "标记:", "en": "Markers: "},
    "export.link": {"zh": "本视图:", "en": "This view: "},
    # --- overview -------------------------------------------------------------
    "overview.title": {"zh": "各地区数据概览", "en": "What the data holds"},
    "overview.subtitle": {
        "zh": "每个地区的数据条数与主题数;点击地区即可筛选",
        "en": "Figures and themes of each region; click a region to filter",
    },
    "overview.subtitle_provinces": {
        "zh": "按省汇总的数据条数与主题数;点击省份即可筛选",
        "en": "Figures and themes by province; click a province to filter",
    },
    "overview.axis": {"zh": "数据条数", "en": "Figures"},
    "overview.label": {"zh": "{facts} · {themes}", "en": "{facts} · {themes}"},
    "overview.figures": {"zh": "{count}条", "en": "{count} figures", "en_one": "{count} figure"},
    "overview.themes": {"zh": "{count}个主题", "en": "{count} themes", "en_one": "{count} theme"},
    "overview.theme": {"zh": "{theme} {count}", "en": "{theme} {count}"},
    "overview.description": {
        "zh": "条形图:{regions}个地区、{datasets}个主题,共{facts}条数据,按每个地区的数据条数排序。",
        "en": "Bar chart of {facts} figures across {regions} regions and {datasets} themes, regions ranked by their number of figures.",
    },
    # --- funding tiers ----------------------------------------------------------
    "funding.title": {"zh": "人才政策资助标准", "en": "Talent funding tiers"},
    "funding.subtitle": {"zh": "单位:{unit},对数刻度", "en": "{unit}, log scale; M = million, B = billion"},
    "funding.axis": {"zh": "金额({unit},对数刻度)", "en": "Amount ({unit}, log scale)"},
    "funding.description": {
        "zh": "横向条形图,对数刻度:{regions}的{count}项资助标准,从{low}到{high};斜线条为上限或下限。",
        "en": "Horizontal bar chart on a log scale: {count} funding levels of {regions}, from {low} to {high}; hatched bars are bounds.",
    },
    # --- incomes ---------------------------------------------------------------------
    "income.title": {"zh": "居民收入与财政收入", "en": "Incomes and fiscal revenue"},
    "income.subtitle": {"zh": "收入及增速、财政收入、城乡收入比", "en": "Incomes with growth, fiscal revenue, urban–rural ratio"},
    "income.description": {
        "zh": "分面板图:{regions}的{count}项收入与财政数据。{changes}。",
        "en": "Panelled chart of {count} income and fiscal figures of {regions}. {changes}.",
    },
    "income.change_down": {"zh": "{region}{series}由{start}({since})降至{end}({until})", "en": "{region} {series} fell from {start} ({since}) to {end} ({until})"},
    "income.change_up": {"zh": "{region}{series}由{start}({since})升至{end}({until})", "en": "{region} {series} rose from {start} ({since}) to {end} ({until})"},
    # --- digitalisation -----------------------------------------------------------
    "digi.title": {"zh": "产业数字化与产业大脑", "en": "Industrial digitalisation and industry brains"},
    "digi.subtitle": {"zh": "数量,对数刻度", "en": "Counts, log scale; k = thousand"},
    "digi.axis": {"zh": "数值({unit},对数刻度)", "en": "Value ({unit}, log scale)"},
    "digi.description": {
        "zh": "横向条形图,对数刻度:{regions}的{count}项数量指标,从{low}到{high}。",
        "en": "Horizontal bar chart on a log scale: {count} counts of {regions} from {low} to {high}.",
    },
    # --- innovation shares --------------------------------------------------------
    "innov.title": {"zh": "企业创新格局", "en": "Enterprise innovation shares"},
    "innov.subtitle": {"zh": "占比(%),虚线为参考线", "en": "Shares (%); the dotted line is the reference"},
    "innov.axis": {"zh": "占比(%)", "en": "Share (%)"},
    "innov.description": {"zh": "柱状图:{regions}的企业创新占比:{shares}。", "en": "Bar chart of the enterprise innovation shares of {regions}: {shares}."},
    # --- farming, jobs and cooperation -----------------------------------------
    "agri.title": {"zh": "特色农业、就业与科技合作", "en": "Farming, jobs and science cooperation"},
    "agri.subtitle": {"zh": "按单位分面板;跨度大的面板用对数刻度", "en": "One panel per unit; wide-ranging panels use log scales"},
    "agri.panel": {"zh": "单位:{unit}", "en": "{unit}"},
    "agri.description": {
        "zh": "分面板横向条形图:{regions}的{count}项农业、就业和科技合作数据,按单位分为{panels}个面板。",
        "en": "Panelled horizontal bar chart of {count} farming, jobs and science-cooperation figures of {regions} in {panels} panels by unit.",
    },
    # --- clusters -------------------------------------------------------------------
    "clusters.title": {"zh": "制造业集群布局", "en": "Manufacturing cluster layout"},
    "clusters.subtitle": {"zh": "板块、产业集群区及其产业;点击一行查看原文", "en": "Groups, cluster areas and their industries; click a row for its source"},
    "clusters.industries": {"zh": "产业({count}项)", "en": "Industries ({count})"},
    "clusters.description": {
        "zh": "分组列表:{regions}的{groups}个板块、{clusters}个产业集群区、{industries}项产业。",
        "en": "Grouped list of {regions}: {groups} groups, {clusters} cluster areas and {industries} industries.",
    },
    # --- the indicator explorer ---------------------------------------------------
    "explorer.name": {"zh": "指标浏览器", "en": "Indicator explorer"},
    "explorer.title": {"zh": "指标浏览器:{indicator}", "en": "Indicator explorer: {indicator}"},
    "explorer.lines": {"zh": "各时期数值", "en": "over time"},
    "explorer.bars": {"zh": "按数值排序", "en": "ranked by value"},
    "explorer.description": {
        "zh": "{indicator}:{regions}的{count}个数值,从{low}到{high}。",
        "en": "{indicator} for {regions}: {count} values from {low} to {high}.",
    },
}
