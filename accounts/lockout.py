"""How django-axes names the account a log-in attempt is for."""


def attempted_email(request, credentials):
    """The e-mail address typed into the log-in form, lower-cased like stored addresses,
    so changing the case of the address cannot get around a lockout."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = (source or {}).get("username")
    return username.strip().lower() if username else None
