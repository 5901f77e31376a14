"""Machine suggestions: engines through deep-translator, and what it does not do itself.

:mod:`.engine` configures each engine and :mod:`.http` the requests under it;
:mod:`.pretranslate` runs a statement through them with retries and a bounded pool;
:mod:`.cache` keeps every answer so nothing is sent twice, :mod:`.memory` offers earlier
approved translations first, and :mod:`.textops` keeps links intact and long paragraphs
within an engine's limit.
"""
