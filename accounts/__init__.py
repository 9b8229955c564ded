"""People: the User and its preferences, sessions tied to their user, sign-up, log-in,
password flows, deletion, and what a visitor did before logging in (kept.py). Imports
exercises and the project's infrastructure; routines and the project's pages import it."""
