"""The catalogue, its figures and the safety check with its Screening model. The lowest app:
it imports only the project's infrastructure (backcare.caching, backcare.ratelimit); people
own their checks through settings.AUTH_USER_MODEL, not an import of accounts."""
