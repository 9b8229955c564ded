"""Routines and programmes, the generator, the player, the log, the weekly plan and trial
sessions (routines/README.md, "Where the code is"). The highest app: it imports accounts,
exercises and the project's infrastructure; only the project's pages import it."""
