"""People working on a statement: who may do what, reviewing, and working together on a unit.

:mod:`.users` and :mod:`.roles` hold people and their rights, :mod:`.links` the addresses
they are sent; :mod:`.review` is what a translator sees and saves, :mod:`.collab` and
:mod:`.teamwork` are comments, questions, proposals and votes, :mod:`.presence` says who is
working on a unit, and :mod:`.unithistory` lists every version of one.
"""
