"""The statement and its catalogs: units, the POT and POs on disk, and what state each unit is in.

:mod:`.segment` splits a source into units (:mod:`.unit` names them), :mod:`.poparse` and
:mod:`.pofile` read and write the files, :mod:`.entries` knows which entries are the
project's own, :mod:`.state` what each entry's records say, :mod:`.statement` ties one
statement's files together, :mod:`.merge` brings catalogs up to a new source, and
:mod:`.status`, :mod:`.search` and :mod:`.diff` read them for people.
"""
