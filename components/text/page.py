"""Texts of the page around the charts, in both languages."""

from components.text import lookup

UI_TEXTS = {
    "page_title": {"zh": "县域创新与乡村振兴数据看板", "en": "County innovation and rural revitalisation dashboard"},
    "page_subtitle": {
        "zh": "数据来自科技日报2021年7月一个版面;点击任一柱形或数据点,即可查看原文出处。",
        "en": "Figures from one page of Science and Technology Daily, July 2021. Click any bar or point to see the sentence it comes from.",
    },
    "region_label": {"zh": "地区(不选即全部)", "en": "Regions (none selected = all)"},
    "region_placeholder": {"zh": "全部地区", "en": "All regions"},
    "region_group": {"zh": "{province}(全部 {count} 个)", "en": "{province} (all {count})"},
    "lang_label": {"zh": "语言", "en": "Language"},
    "provenance_title": {"zh": "数据出处", "en": "Where this number comes from"},
    "provenance_hint": {
        "zh": "点击图表中的柱形、数据点或表格中的一行,这里会显示该数字及其原文句子。",
        "en": "Click a bar or point in a chart, or a cell of the table, to see the number and its source sentence here.",
    },
    "provenance_missing": {"zh": "该数据不在当前数据集中。", "en": "That fact is not in the current data."},
    "provenance_region": {"zh": "地区", "en": "Region"},
    "provenance_period": {"zh": "时期", "en": "Period"},
    "provenance_value": {"zh": "数值", "en": "Value"},
    "provenance_qualifier": {"zh": "限定", "en": "Qualifier"},
    "provenance_derived": {"zh": "推算值,公式:", "en": "Derived, formula:"},
    "provenance_stated": {"zh": "原文直接给出", "en": "Stated in the source"},
    "provenance_source": {"zh": "原文(第{line}行,{file})", "en": "Source sentence (line {line}, {file})"},
    "provenance_note": {"zh": "说明", "en": "Note"},
    "table_title": {"zh": "数据表", "en": "Data table"},
    "table_download": {"zh": "下载表格数据(CSV)", "en": "Download table (CSV)"},
    "export_all": {"zh": "导出全部图表(ZIP)", "en": "Export all charts (ZIP)"},
    "export_all_hint": {
        "zh": "当前视图的全部图表(PNG和SVG)、表格数据(CSV)和说明文件",
        "en": "Every chart of this view as PNG and SVG, the table as CSV, and a manifest",
    },
    "export_all_done": {"zh": "已生成 {count} 个文件({seconds} 秒)。", "en": "{count} files made in {seconds} s."},
    "export_all_unavailable": {
        "zh": "服务器暂时无法生成图片:{reason}。每个图表下的 PNG/SVG 按钮仍可在浏览器中导出。",
        "en": "The server cannot render images right now: {reason}. The PNG/SVG buttons under each chart still work in your browser.",
    },
    "export_png": {"zh": "下载PNG图片(含标题、来源、筛选与链接)", "en": "Download PNG (with title, source, filter and link)"},
    "export_svg": {"zh": "下载SVG矢量图(含标题、来源、筛选与链接)", "en": "Download SVG (with title, source, filter and link)"},
    "col_region": {"zh": "地区", "en": "Region"},
    "col_dataset": {"zh": "主题", "en": "Theme"},
    "col_indicator": {"zh": "指标", "en": "Indicator"},
    "col_period": {"zh": "时期", "en": "Period"},
    "col_value": {"zh": "数值(基本单位)", "en": "Value (base unit)"},
    "col_display": {"zh": "数值", "en": "Value"},
    "col_unit": {"zh": "单位", "en": "Unit"},
    "col_qualifier": {"zh": "限定", "en": "Qualifier"},
    "col_derived": {"zh": "推算", "en": "Derived"},
    "col_quote": {"zh": "原文", "en": "Source sentence"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "footer": {
        "zh": "来源:科技日报(2021年7月),原文见 seeds/{files}。每个数字均可追溯到原文句子;整理数据以 CC BY 4.0 提供。数据版本 {version}。",
        "en": "Source: Science and Technology Daily (July 2021), text in seeds/{files}. Every number traces to its sentence; curated data under CC BY 4.0. Data version {version}.",
    },
    "api_links": {"zh": "全部数据:", "en": "All data:"},
    "notice_malformed": {"zh": "网址参数无法识别,已显示默认视图。", "en": "The address could not be read; showing the default view."},
    "notice_unknown_param": {"zh": "已忽略未知参数“{name}”。", "en": "Ignored the unknown parameter '{name}'."},
    "notice_repeated": {"zh": "参数“{name}”出现多次,已使用默认值。", "en": "The parameter '{name}' was given more than once; using its default."},
    "notice_bad_lang": {"zh": "不支持语言“{value}”,已使用中文。", "en": "The language '{value}' is not available; using Chinese."},
    "notice_bad_region": {"zh": "未知地区“{value}”,已忽略。", "en": "Unknown region(s) '{value}' ignored."},
    "notice_bad_input": {"zh": "收到无效的筛选值,已恢复默认视图。", "en": "An invalid filter value was received; showing the default view."},
}


def text(key: str, lang: str, **fmt) -> str:
    """A page text in the language (Chinese when the language is unknown)."""
    return lookup(UI_TEXTS, key, lang, **fmt)
