"""Batch export without a browser: the files of the page's "export all", per view.

    python -m components.export --region huanjiang --lang en --out exports/
    python -m components.export --region zhangjiagang,huanjiang --lang all --out exports/ --zip

Each view (regions x language) becomes a directory ``<out>/charts_<regions>_<lang>/``
holding exactly the files of the page's ZIP (PNG and SVG of every chart with
data, the facts as CSV, manifest.json), or with ``--zip`` that ZIP itself.
Progress goes to stderr. Exit status: 0 done, 2 bad arguments (an unknown
region, a bad language), 1 rendering impossible (no Chromium) or invalid data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flask import Flask

from components import export
from components.services.cache import cache
from components.services.exports import export_bundle
from components.config import load_config
from components.data.store import EXTENSION_KEY, DataStore, UnknownRegionError
from components.export.render import RENDERER, RendererUnavailable
from components.text import LANGS
from components.data.loader import DataValidationError, load_dataset

LOCAL_URL = "http://127.0.0.1:8050/"  # permalink base when DASHBOARD_PUBLIC_URL is not set


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m components.export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--region", action="append", default=[], help="region id; repeat or separate by commas (default: all regions)")
    parser.add_argument("--lang", choices=(*LANGS, "all"), default="zh", help="language of the images (default: zh)")
    parser.add_argument("--out", type=Path, default=Path("exports"), help="output directory (default: exports/)")
    parser.add_argument("--zip", action="store_true", help="write one ZIP per view instead of a directory of files")
    parser.add_argument("--base-url", help="base of the permalinks drawn in the images (default: DASHBOARD_PUBLIC_URL or %s)" % LOCAL_URL)
    return parser.parse_args(argv)


def data_app(config: dict) -> Flask:
    """A bare Flask app holding the data, so the page's own functions build the files."""
    app = Flask("components.export")
    app.config.update(config)
    app.extensions[EXTENSION_KEY] = DataStore(load_dataset(config["DASHBOARD_DATA_DIR"], config["DASHBOARD_SEEDS_DIR"]))
    # One process: an in-memory cache, shared with nobody.
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache"})
    return app


def print_progress(done: int, total: int, name: str) -> None:
    print(f"[{done}/{total}] {name}", file=sys.stderr, flush=True)


def write_view(out: Path, name: str, files: dict[str, bytes], as_zip: bool) -> Path:
    if as_zip:
        target = out / name
        target.write_bytes(export.zip_bytes(files))
        return target
    target = out / name.removesuffix(".zip")
    target.mkdir(parents=True, exist_ok=True)
    for file_name, body in files.items():
        (target / file_name).write_bytes(body)
    return target


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = load_config()
    config["DASHBOARD_PUBLIC_URL"] = args.base_url or config["DASHBOARD_PUBLIC_URL"] or LOCAL_URL
    try:
        app = data_app(config)
    except DataValidationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    regions = [part.strip() for value in args.region for part in value.split(",") if part.strip()]
    langs = LANGS if args.lang == "all" else (args.lang,)
    with app.app_context():
        store = app.extensions[EXTENSION_KEY]
        try:
            kept = store.resolve_regions(regions)
        except UnknownRegionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        args.out.mkdir(parents=True, exist_ok=True)
        try:
            for lang in langs:
                name, files = export_bundle(list(kept), lang, None, RENDERER, print_progress)
                print(write_view(args.out, name, files, args.zip), flush=True)
        except RendererUnavailable as exc:
            print(f"error: cannot render images: {exc}", file=sys.stderr)
            return 1
        finally:
            RENDERER.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
