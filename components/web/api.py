"""Download routes: the facts as CSV and JSON, filtered by region.

GET /api/facts.csv?region=huanjiang,jiangxi
GET /api/facts.json?region=huanjiang

The CSV starts with the columns of ``Fact.EXPORT_COLUMNS`` and is UTF-8 with
a BOM so that Excel shows the Chinese; the JSON carries the same records and
the metadata. ``?region=a&region=b`` is ``?region=a,b``. An unknown region
is a 400 with a message naming it.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, request

from components.data.store import UnknownRegionError, current_store
from components.services.downloads import facts_csv, facts_records, regions_stem

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_PARAM_LENGTH = 1000  # longer region lists are refused rather than parsed


class BadParameter(ValueError):
    """A query parameter that cannot be used."""


def parse_region_param(raw: str | list[str] | None) -> list[str]:
    """``"a,b"`` -> ``["a", "b"]``; empty or missing -> ``[]`` (all regions).

    A repeated parameter (``?region=a&region=b``, as a form sends it) is
    the list ``["a", "b"]``: its values are merged, as if written ``a,b``.
    """
    if raw is None:
        return []
    joined = raw if isinstance(raw, str) else ",".join(raw)
    if len(joined) > MAX_PARAM_LENGTH:
        raise BadParameter(f"region parameter longer than {MAX_PARAM_LENGTH} characters")
    return list(dict.fromkeys(part.strip() for part in joined.split(",") if part.strip()))


def _error(status: int, message: str, as_json: bool) -> Response:
    if as_json:
        return Response(json.dumps({"error": message}, ensure_ascii=False), status=status, mimetype="application/json")
    return Response(message + "\n", status=status, mimetype="text/plain")


def _selected(as_json: bool):
    """(facts, regions) for the request, or an error Response."""
    store = current_store()
    try:
        regions = store.resolve_regions(parse_region_param(request.args.getlist("region") or None))
    except (BadParameter, UnknownRegionError) as exc:
        return None, _error(400, str(exc), as_json)
    return (store.facts(regions), regions), None


@bp.get("/facts.csv")
def facts_csv_route():
    selected, error = _selected(as_json=False)
    if error:
        return error
    facts, regions = selected
    name = f"facts_{regions_stem(regions)}.csv"
    return Response(
        facts_csv(facts),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/facts.json")
def facts_json_route():
    selected, error = _selected(as_json=True)
    if error:
        return error
    facts, regions = selected
    store = current_store()
    body = {
        "version": store.version,
        "regions": list(regions) or store.region_ids(),
        "count": len(facts),
        "metadata": store.dataset.metadata,
        "facts": facts_records(facts),
    }
    return Response(json.dumps(body, ensure_ascii=False, indent=1), mimetype="application/json")
