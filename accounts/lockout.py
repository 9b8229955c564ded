"""How django-axes names the account a log-in attempt is for."""

# django-axes keeps the name in 255-character columns and, unlike the user agent and the
# path, does not shorten it: PostgreSQL would refuse a longer one with a 500 on the log-in
# page. No account's address is that long (User.email holds 254).
USERNAME_LENGTH = 255


def attempted_email(request, credentials):
    """The e-mail address typed into the log-in form, lower-cased like stored addresses,
    so changing the case of the address cannot get around a lockout."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = (source or {}).get("username")
    return username.strip().lower()[:USERNAME_LENGTH] if username else None
