"""The one exception type the CLI and the web UI turn into a one-line message."""


class WorkflowError(Exception):
    """A problem the user can act on: bad input, a missing file, a broken catalog.

    The message is a single plain sentence; it is shown as is, never with a traceback.
    """
