"""The checks: numbers, names, terms and script that must survive translation.

:mod:`.checks` turns what the readers below find into findings and :mod:`.checkcache` keeps
them until a unit changes; :mod:`.numbers`, :mod:`.placeables` and :mod:`.glossary` are what
a translation must keep from its source. The rest reads Arabic, Sorani, Kurmanji and English
the way their writers write them: numbers in digits and in words (:mod:`.numwords`), dates
(:mod:`.dates`), negation (:mod:`.negation`), sentences (:mod:`.sentences`), script and
spelling (:mod:`.script`) and the word forms a glossary term takes (:mod:`.forms`). Every
reader scans tokens once (:mod:`.tokens`): its time is linear in the length of the text.
"""
