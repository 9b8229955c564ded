"""``{% fragment %}``: Django's ``{% cache %}`` made safe for forms and deploys.

    {% load fragments %}
    {% fragment 86400 "site-nav" request.resolver_match.view_name user.email %}
      ... {% csrf_token %} ...
    {% endfragment %}

The block is rendered once per name and values after it, then served from the cache. Unlike
``{% cache %}``:
- a ``{% csrf_token %}`` inside is cached as a placeholder and filled with this request's
  token on every serve (a form must never carry another browser's token);
- the key carries the language and the release (backcare/release.py), so a deploy or another
  language renders afresh.
The values after the name must hold everything the block shows that can change.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from backcare.release import release
from exercises.caching import CSRF_PLACEHOLDER, digest, get_keyed, set_keyed

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, seconds, name, vary_on):
        self.nodelist = nodelist
        self.seconds = seconds
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        parts = [value.resolve(context) for value in self.vary_on]
        key = f"tpl:{self.name}:{release()}:{get_language()}:{digest(*parts)}"
        html = get_keyed(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = self.nodelist.render(context)
            set_keyed(key, html, self.seconds.resolve(context))
        if CSRF_PLACEHOLDER in html:
            token = context.get("csrf_token")
            html = html.replace(CSRF_PLACEHOLDER, str(token) if token else "")
        return mark_safe(html)  # noqa: S308 - rendered by the template; a token is letters and digits


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            "'fragment' takes at least two arguments: seconds and a quoted name."
        )
    name = bits[2]
    if not (name[0] == name[-1] and name[0] in "\"'"):
        raise template.TemplateSyntaxError("'fragment' needs a quoted name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        name[1:-1],
        [parser.compile_filter(bit) for bit in bits[3:]],
    )
