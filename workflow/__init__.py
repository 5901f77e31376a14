"""statement-workflow core: split, pretranslate, review and publish a statement.

This package never imports Flask; the web UI in :mod:`webui` is built on top of it.
"""

__version__ = "0.1.0"
