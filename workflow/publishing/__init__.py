"""From approved units to what readers get: Markdown, text, HTML and PDF.

:mod:`.build` reassembles a statement per language, :mod:`.publish` writes the site and its
PDFs behind the publish gate, :mod:`.verify` proves each output holds exactly the approved
units, and :mod:`.bidi` marks runs in the other direction than the page.
"""
