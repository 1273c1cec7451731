"""The regional-innovation dashboard: app factory and the served objects.

    gunicorn -c gunicorn.conf.py app:server     # production
    python app.py                               # development server, debug only with DASHBOARD_DEBUG=1

``create_app`` loads and validates the data before anything is served; invalid
data stops the start with a message naming file, row and column. Nothing
happens at import: the module-level ``app`` and ``server`` are built when
first asked for.
"""

from __future__ import annotations

import logging
import sys
import threading

from dash import Dash

from components.web import api
from components.web.dash_internals import LeanDash, finish_setup
from components.web.http.static import init_asset_serving, warm_static
from components.web.callbacks import register_callbacks
from components.export.render import RENDERER
from components.services.cache import cache, cache_config
from components.services.exportgate import GATE_EXTENSION_KEY, ExportGate
from components.config import ROOT, ConfigError, is_on, load_config, private_cache_dir
from components.data.store import EXTENSION_KEY, DataStore
from components.web.document import INDEX_STRING
from components.web.layout import serve_layout
from components.web.firstpaint import init_first_paint, start_previews
from components.charts.registry import check_chart_configs
from components.data.loader import DataValidationError, load_dataset
from components.web.http.responses import init_response_cache, warm_chart_responses
from components.web.http.security import protect

log = logging.getLogger("dashboard")


def create_app(test_config: dict | None = None) -> Dash:
    """Build the Dash app; ``test_config`` overrides the environment."""
    config = load_config(test_config)
    # The caches first: an unusable or unsafe directory stops the start
    # before seconds of data loading.
    caching = cache_config(config)
    static_dir = private_cache_dir(
        config["DASHBOARD_STATIC_CACHE_DIR"], "regional-innovation-dashboard-static", "DASHBOARD_STATIC_CACHE_DIR"
    )
    dataset = load_dataset(config["DASHBOARD_DATA_DIR"], config["DASHBOARD_SEEDS_DIR"])
    check_chart_configs(dataset)

    app = LeanDash(
        __name__,
        title="县域创新数据看板 · County innovation dashboard",
        assets_folder=str(ROOT / "assets"),
        update_title=None,
        # <html lang> of the URL's language, no second footer landmark
        index_string=INDEX_STRING,
        serve_locally=True,
        # boot.js starts the page's other scripts (components.web.firstpaint).
        assets_ignore=r"^boot\.js$",
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "Figures from Science and Technology Daily, July 2021, each traced to its sentence."},
        ],
    )
    server = app.server
    server.config.update(config)
    server.extensions[EXTENSION_KEY] = DataStore(dataset)
    # export-all: a few renders at a time per host (slots locked in the cache
    # directory), a pause per client, Chromium closed when idle
    server.extensions[GATE_EXTENSION_KEY] = ExportGate(
        private_cache_dir(config["DASHBOARD_CACHE_DIR"]),
        int(config["DASHBOARD_EXPORT_SLOTS"]),
        float(config["DASHBOARD_EXPORT_COOLDOWN"]),
    )
    RENDERER.idle_seconds = float(config["DASHBOARD_EXPORT_IDLE_SECONDS"])
    cache.init_app(server, config=caching)
    server.register_blueprint(api.bp)
    # static files -> compressed once, fingerprinted ones cached for a year
    init_asset_serving(server, app.get_asset_url(""), static_dir)
    register_callbacks(app)
    # The page's first paint: static HTML of the view, the chart previews' route.
    init_first_paint(app)
    with server.app_context():
        # Dash calls the layout function once on assignment to check it.
        app.layout = serve_layout
    # headers, CSP (hashes every inline script registered above), body limit, generic errors
    protect(app)
    # validated callback requests -> the chart response cache; JSON responses -> gzip
    init_response_cache(app)
    # Dash's first-request set-up, completed before anything is served.
    warm = finish_setup(server)
    if warm.status_code != 200:
        raise RuntimeError(f"the page failed to render at start-up (HTTP {warm.status_code})")
    warm_static(server, warm.get_data(as_text=True))
    # The common views' chart responses go into the shared cache before the
    # first visitor asks (in the master when preloading).
    warmed = warm_chart_responses(app, float(config["DASHBOARD_WARM_SECONDS"]))
    # Chart previews for the first paint, rendered only where pages are served.
    if is_on(config["DASHBOARD_PREVIEWS"]):
        start_previews(app, RENDERER)
    log.info("serving %d facts, data version %s; %d chart views ready", len(dataset.facts), dataset.version, warmed)
    return app


def _build_or_exit() -> Dash:
    try:
        return create_app()
    except (DataValidationError, ConfigError) as exc:
        # Refuse to serve half-loaded data, or with a cache others could
        # write to: stop with the problems listed.
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)


# ``app`` and ``server`` are what gunicorn serves (``app:server``), built on
# first access rather than at import: importing this module (tests do, for
# create_app) loads no data and starts nothing.
_served: list[Dash] = []
_served_lock = threading.Lock()


def __getattr__(name: str):
    if name not in ("app", "server"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    with _served_lock:
        if not _served:
            _served.append(_build_or_exit())
    return _served[0] if name == "app" else _served[0].server


if __name__ == "__main__":
    served = _build_or_exit()
    served.run(host="127.0.0.1", port=8050, debug=is_on(served.server.config["DASHBOARD_DEBUG"]))
