"""``{% offline_check_in %}``: today's check-in questions for a player opened offline (the
questions of exercises.safety, written once there), asked on the device by
static/js/player-offline.js."""

from django import template

from exercises.safety import CHECK_IN_QUESTIONS

register = template.Library()


@register.inclusion_tag("offline/check_in.html")
def offline_check_in():
    return {"questions": list(CHECK_IN_QUESTIONS.values())}
