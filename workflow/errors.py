"""The one exception type the CLI and the web UI turn into a one-line message."""

from __future__ import annotations

from typing import Any

from .i18n import render


class WorkflowError(Exception):
    """A problem the user can act on: bad input, a missing file, a broken catalog.

    The message is a single plain sentence; it is shown as is, never with a traceback.
    Raise it with a template marked by :func:`workflow.i18n.N_` and its parameters,
    ``WorkflowError(N_("no statement %(slug)s"), slug=repr(slug))``: ``str()`` is the
    English sentence (CLI, logs), and the web UI translates ``template`` with ``params``.
    """

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(render(template, params))

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker process of a build, raised again in the parent: pickle the
        # fields, not the arguments (subclasses take others).
        return (_restore, (type(self), str(self), self.__dict__))


def _restore(cls: type[WorkflowError], message: str, state: dict[str, Any]) -> WorkflowError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class UsageError(WorkflowError):
    """A problem whose advice names the command line's options; ``browser`` is the same
    sentence for people in the browser (no flags, no server paths), a template with the
    same parameters."""

    def __init__(self, template: str, browser: str, **params: Any) -> None:
        super().__init__(template, **params)
        self.browser = browser
