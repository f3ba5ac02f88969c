"""Everything the bot shows a person, rendered from plain results and the locale files: one module per subject.

Handlers and background jobs both import from here; nothing here sends anything.
"""
