"""Formatting shared by every page that shows exercise times."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(seconds):
    """45 -> "45 s", 120 -> "2 min", 150 -> "2 min 30 s"."""
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        return ""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return _("%(s)d s") % {"s": rest}
    if not rest:
        return _("%(m)d min") % {"m": minutes}
    return _("%(m)d min %(s)d s") % {"m": minutes, "s": rest}
