"""FigureSpec: the dict-built figure gives what the same calls on plotly's go.Figure give."""

import copy

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from components.charts.figspec import TEMPLATE, FigureSpec, merge, subplots


def layout_without_template(fig: go.Figure) -> dict:
    layout = fig.to_dict()["layout"]
    layout.pop("template", None)
    return layout


def test_template_is_plotly_white_as_plotly_expands_the_name():
    """The precomputed dict is what template="plotly_white" becomes in a validated figure."""
    expanded = go.Figure(layout=dict(template="plotly_white")).to_dict()["layout"]["template"]
    assert TEMPLATE == expanded


def test_merge_merges_nested_dicts_and_replaces_everything_else():
    """Nested dicts merge key by key; scalars and lists replace."""
    target = {"title": {"text": "a", "font": {"size": 16}}, "annotations": [{"text": "x"}], "height": 300}
    merge(target, {"title": {"font": {"color": "red"}}, "annotations": [{"text": "y"}], "height": 400, "meta": {"k": 1}})
    assert target == {
        "title": {"text": "a", "font": {"size": 16, "color": "red"}},
        "annotations": [{"text": "y"}],
        "height": 400,
        "meta": {"k": 1},
    }


def test_merge_never_shares_the_callers_dicts():
    """Later updates to the spec leave the dicts it was given (the module template above all) untouched."""
    before = copy.deepcopy(TEMPLATE)
    spec = FigureSpec().update_layout(template=TEMPLATE)
    spec.update_layout(template=dict(layout=dict(font=dict(color="red"))))
    assert spec.layout["template"]["layout"]["font"]["color"] == "red"
    assert TEMPLATE == before
    font = dict(size=12)
    spec.add_annotation(text="a", font=font)
    spec.update_annotations(font=dict(size=14))
    assert font == dict(size=12)


def test_update_layout_and_axes_on_a_single_plot_match_plotly():
    """The same calls on go.Figure and FigureSpec give the same layout, x/yaxis merges included."""
    calls = [
        ("update_layout", dict(title=dict(text="t", font=dict(size=16)), height=300)),
        ("update_layout", dict(title=dict(subtitle=dict(text="s")), bargap=0.3)),
        ("update_xaxes", dict(type="log", title=dict(text="x", font=dict(size=11)))),
        ("update_xaxes", dict(title=dict(font=dict(color="#555555")), automargin=True)),
        ("update_yaxes", dict(type="category", categoryarray=["a", "b"], autorange="reversed")),
        ("update_yaxes", dict(categoryarray=["b"])),
        ("add_shape", dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=0.5, y1=0.5, line=dict(dash="dot"))),
        ("add_annotation", dict(x=90, y=1, xref="x", yref="paper", text="90%", showarrow=False)),
        ("update_annotations", dict(font=dict(size=12), x=0)),
    ]
    fig, spec = go.Figure(), FigureSpec()
    for method, kwargs in calls:
        getattr(fig, method)(**kwargs)
        getattr(spec, method)(**kwargs)
    assert layout_without_template(spec.figure()) == layout_without_template(fig)


def test_add_vline_is_the_shape_plotly_makes():
    """A line at x over the plot's full height: xref x, yref "y domain", 0 to 1."""
    line = dict(color="#555555", width=1, dash="dot")
    fig = go.Figure(go.Bar(x=[1], y=["a"], orientation="h")).add_vline(x=90, line=line)
    spec = FigureSpec().add_trace(dict(type="bar", x=[1], y=["a"], orientation="h")).add_vline(x=90, line=line)
    assert spec.figure().to_dict()["layout"]["shapes"] == fig.to_dict()["layout"]["shapes"]


@pytest.mark.parametrize(
    "rows, row_heights, vertical_spacing, subplot_titles",
    [
        (1, None, None, None),
        (1, [1], 0.1, ["only"]),
        (2, None, None, ["a", ""]),
        (3, [0.4, 0.3, 0.3], 0.12, ("income", "fiscal", "ratio")),
        (4, [3.2, 9.6, 2.6, 5.0], 0.09, ["mu", "count", "head", "CNY"]),
        (5, [1, 2, 3, 4, 5], min(0.09, 0.5 / 5), ["a", "b", "", "d", "e"]),
        (5, [7.4, 2.6, 2.6, 4.0, 12.8], 0.1, None),
    ],
)
def test_subplots_layout_equals_make_subplots(rows, row_heights, vertical_spacing, subplot_titles):
    """Axis domains and anchors and the subplot-title annotations match plotly's to the bit."""
    kwargs = dict(row_heights=row_heights, vertical_spacing=vertical_spacing, subplot_titles=subplot_titles)
    expected = make_subplots(rows=rows, cols=1, **kwargs)
    assert layout_without_template(subplots(rows, **kwargs).figure()) == layout_without_template(expected)


def test_subplot_traces_and_axis_updates_match_plotly():
    """row/col set the trace's axis refs and address one subplot's axes; no row/col means every axis."""
    kwargs = dict(row_heights=[0.5, 0.25, 0.25], vertical_spacing=0.1, subplot_titles=["a", "b", "c"])
    fig, spec = make_subplots(rows=3, cols=1, **kwargs), subplots(3, **kwargs)
    for row in (1, 3):
        fig.add_trace(go.Bar(x=[row], y=["a"], orientation="h"), row=row, col=1)
        spec.add_trace(dict(type="bar", x=[row], y=["a"], orientation="h"), row=row, col=1)
        fig.update_xaxes(type="log", range=[0, row], row=row, col=1)
        spec.update_xaxes(type="log", range=[0, row], row=row, col=1)
    for target in (fig, spec):
        target.update_yaxes(type="category", autorange="reversed", row=2, col=1)
        target.update_xaxes(automargin=True, tickfont=dict(size=10))
        target.update_yaxes(automargin=True)
        target.update_annotations(font=dict(size=12), xanchor="left", x=0)
    built = spec.figure()
    assert built.to_dict()["data"] == fig.to_dict()["data"]
    assert layout_without_template(built) == layout_without_template(fig)


def test_rows_and_cols_outside_the_grid_are_refused():
    """A plain spec has no grid; a subplot spec has one column and ``rows`` rows."""
    with pytest.raises(ValueError):
        FigureSpec().add_trace(dict(type="bar"), row=1, col=1)
    spec = subplots(2)
    for row, col in ((3, 1), (0, 1), (1, 2), (None, 1)):
        with pytest.raises(ValueError):
            spec.update_xaxes(row=row, col=col, type="log")


def test_annotations_and_height_read_back_what_was_set():
    """_finish reads the subplot titles so far and the height."""
    spec = subplots(2, subplot_titles=["a", "b"]).update_layout(height=500)
    assert [a["text"] for a in spec.annotations] == ["a", "b"]
    assert spec.height == 500
    assert FigureSpec().annotations == [] and FigureSpec().height is None


def test_figure_is_a_go_figure_with_readable_properties():
    """Callers read fig.data, fig.layout.height, meta and annotations as before."""
    spec = FigureSpec().add_trace(dict(type="bar", x=[1, 2], y=["a", "b"], customdata=[["f1"], ["f2"]]))
    spec.update_layout(template=TEMPLATE, height=300, meta={"description": "d"}, annotations=[dict(name="source", text="s")])
    fig = spec.figure()
    assert isinstance(fig, go.Figure)
    (bar,) = fig.data
    assert bar.type == "bar" and list(bar.x) == [1, 2] and bar.customdata[1][0] == "f2"
    assert fig.layout.height == 300 and fig.layout.meta == {"description": "d"}
    assert fig.layout.annotations[0].name == "source"
    assert fig.layout.template.layout.plot_bgcolor == TEMPLATE["layout"]["plot_bgcolor"]


def test_plain_figure_of_a_built_chart_equals_plotlys_own_json(dataset):
    """The fast path (the spec's own dicts) gives exactly what plotly's to_plotly_json would."""
    import json

    from plotly.utils import PlotlyJSONEncoder

    from components.charts.figspec import plain_figure
    from components.charts.registry import GRAPHS
    from tests.conftest import build_chart

    for graph in GRAPHS:
        for lang in ("zh", "en"):
            fig = build_chart(graph, dataset, (), lang)
            assert getattr(fig, "_plain_spec", None) is not None, graph
            slow = json.loads(json.dumps(fig.to_plotly_json(), cls=PlotlyJSONEncoder))
            assert plain_figure(fig) == slow, (graph, lang)
