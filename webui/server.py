"""Serving the review UI with gunicorn: several worker processes, one shared file lock."""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from pathlib import Path
from typing import Any

from workflow import cli
from workflow.cli import positive
from workflow.errors import WorkflowError

from . import create_app

PR_SET_PDEATHSIG = 1


def die_with_master(server: Any, worker: Any) -> None:
    """gunicorn's ``post_fork`` hook: the kernel stops this worker when its master dies
    (killed by the OOM killer or ``kill -9``), so orphans never keep the port."""
    import ctypes
    import ctypes.util

    libc_name = ctypes.util.find_library("c")
    if libc_name and sys.platform.startswith("linux"):
        libc = ctypes.CDLL(libc_name, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != worker.ppid:  # the master died before the line above
        os._exit(0)


def freeze_loaded(worker: Any) -> None:
    """gunicorn's ``post_worker_init`` hook: what the worker has loaded (modules, the app)
    leaves the garbage collector's sight, as CPython's documentation of ``gc.freeze`` advises
    for servers that fork. A full collection then walks what requests made, not the whole
    app: the slowest dashboard loads were these collections."""
    gc.freeze()


def serve(config: dict[str, Any], host: str, port: int, workers: int) -> None:
    """Run gunicorn in the foreground until interrupted."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def __init__(self, config: dict[str, Any], options: dict[str, Any]) -> None:
            self.config_mapping = config
            self.options = options
            super().__init__()

        def load_config(self) -> None:
            for key, value in self.options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return create_app(self.config_mapping)

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
        "post_fork": die_with_master,
        "post_worker_init": freeze_loaded,
    }
    Server(config, options).run()


def _setup(args: argparse.Namespace, base_url: str) -> int:
    """``statements setup`` for the folders this server uses (what ``make run`` does first)."""
    argv = ["setup", "--base-url", base_url, "--editor", args.editor]
    if args.root:
        argv += ["--root", str(args.root)]
    if args.instance:
        argv += ["--instance", str(args.instance)]
    if args.seed:
        argv += ["--seed", str(args.seed)]
    return cli.main(argv)


def run(args: argparse.Namespace) -> int:
    """``statements serve``: the review UI (Flask's development server only with --debug).

    When this folder's server already listens on the port, say so (with a fresh editor link
    after ``--setup``) and succeed; when another program does, say which port and stop.
    """
    from workflow.config import default_root
    from workflow.team.links import base_url as configured_base_url
    from workflow.team.links import listen_url, record_listen_url
    from workflow.team.users import UserStore, default_instance, secret_key

    from .running import claimed, port_state

    root = Path(args.root) if args.root else default_root()
    instance = Path(args.instance) if args.instance else default_instance()
    listen = listen_url(args.host, args.port)
    config: dict[str, Any] = {
        "STATEMENTS_ROOT": root.resolve(),
        "INSTANCE_DIR": instance.resolve(),
        "LISTEN_URL": listen,
    }
    if args.proxies is not None:
        config["PROXY_FIX"] = args.proxies
    # Links use STATEMENTS_BASE_URL or base_url in workflow.toml when set; 0.0.0.0 → LAN.
    base_url = configured_base_url(root, args.base_url or listen)
    # Flask's reloader runs this command again to serve what the first process checked.
    if os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        state = port_state(args.host, args.port, config["INSTANCE_DIR"])
        if state.pid is not None:
            print(f"The review UI is already running at {base_url}/ (process {state.pid}).")
            if args.setup:
                store = UserStore(config["INSTANCE_DIR"])
                if store.get(args.editor) is None:
                    store.add(args.editor, "editor", [])
                token = store.issue_token(args.editor)
                print(f"Editor login link (works once): {base_url}/login/{token}")
            return 0
        if not state.free:
            other = args.port + 1
            raise WorkflowError(
                f"port {args.port} is taken by another program: choose another one, "
                f"e.g. make run PORT={other} (or statements serve --port {other})"
            )
        if args.setup and (code := _setup(args, base_url)):
            return code
    secret_key(config["INSTANCE_DIR"])
    record_listen_url(config["INSTANCE_DIR"], listen)
    print(f"Review UI: {base_url}/  (Ctrl+C to stop)", flush=True)
    if args.host in ("0.0.0.0", "::"):
        print(
            "Phones and other computers on the same network (the same Wi-Fi) open it there.",
            flush=True,
        )
    with claimed(config["INSTANCE_DIR"], args.port):
        if args.debug:
            create_app(config).run(host=args.host, port=args.port, debug=True)
        else:
            # Made once here so that Flask, the blueprints and the engines are imported
            # before gunicorn forks: each worker starts with them instead of importing them.
            create_app(config)
            serve(config, args.host, args.port, args.workers)
    return 0


def register(commands: Any) -> argparse.ArgumentParser:
    """Add ``serve`` to the ``statements`` command (an entry point of this package)."""
    parser: argparse.ArgumentParser = commands.add_parser("serve", help="run the review UI")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--workers", type=positive, default=4, help="server processes")
    parser.add_argument("--debug", action="store_true", help="Flask's development server")
    parser.add_argument(
        "--proxies",
        type=int,
        choices=range(0, 5),
        default=None,
        metavar="N",
        help="behind N reverse proxies: take the client's address from X-Forwarded-For "
        "(default 0, or $STATEMENTS_PROXIES)",
    )
    parser.add_argument(
        "--setup",
        action="store_true",
        help="run `statements setup` first (settings, bundled statement, an editor link)",
    )
    parser.add_argument("--seed", help="with --setup: the statement to set up if there is none")
    parser.add_argument("--editor", default="editor", help="with --setup: the editor's user name")
    parser.add_argument("--base-url", help="where the review UI is reached (for the links)")
    parser.set_defaults(handler=run)
    return parser
