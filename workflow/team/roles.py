"""The roles a person can have (a module of its own: the CLI's parser needs only this)."""

ROLES = ("translator", "reviewer", "editor")
