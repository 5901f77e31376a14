"""What the checks know about Arabic, Sorani, Kurmanji and English text.

Each module reads one thing the way writers of these languages write it: numbers in digits
and in words (:mod:`.numwords`), dates (:mod:`.dates`), negation (:mod:`.negation`),
sentences (:mod:`.sentences`), script and spelling (:mod:`.script`) and the word forms a
glossary term takes (:mod:`.forms`). Every reader scans tokens once: its time is linear in
the length of the text. :mod:`workflow.checks` turns what they read into findings.
"""
