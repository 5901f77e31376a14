"""The translations folder under git: one commit per change, sync between offices.

:mod:`.history` records each change as a commit by the person who made it, :mod:`.sync`
fetches, merges and pushes, :mod:`.threeway` merges two offices' versions of a catalog unit
by unit, and :mod:`.mergedriver` is that merge as a git merge driver.
"""
