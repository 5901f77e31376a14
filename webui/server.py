"""Serving the review UI with gunicorn: several worker processes, one shared file lock."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from workflow.cli import positive
from workflow.config import default_root
from workflow.users import default_instance, secret_key

from . import create_app


class _Server(BaseApplication):
    def __init__(self, config: dict[str, Any], options: dict[str, Any]) -> None:
        self.config_mapping = config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return create_app(self.config_mapping)


def serve(config: dict[str, Any], host: str, port: int, workers: int) -> None:
    """Run gunicorn in the foreground until interrupted."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        # Saving is CPU-bound (parse, write, fsync under the catalog's lock): one request at a
        # time per process measured best (bench/README.md). Behind a proxy for slow clients.
        "worker_class": "sync",
        "timeout": 60,
        "graceful_timeout": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "preload_app": False,
    }
    _Server(config, options).run()


def run(args: argparse.Namespace) -> int:
    """``statements serve``: the review UI (Flask's development server only with --debug)."""
    root = Path(args.root) if args.root else default_root()
    instance = Path(args.instance) if args.instance else default_instance()
    config = {"STATEMENTS_ROOT": root.resolve(), "INSTANCE_DIR": instance.resolve()}
    secret_key(config["INSTANCE_DIR"])
    print(f"Review UI: http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    if args.debug:
        create_app(config).run(host=args.host, port=args.port, debug=True)
    else:
        serve(config, args.host, args.port, args.workers)
    return 0


def register(commands: Any) -> argparse.ArgumentParser:
    """Add ``serve`` to the ``statements`` command (an entry point of this package)."""
    parser: argparse.ArgumentParser = commands.add_parser("serve", help="run the review UI")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--workers", type=positive, default=4, help="server processes")
    parser.add_argument("--debug", action="store_true", help="Flask's development server")
    parser.set_defaults(handler=run)
    return parser
