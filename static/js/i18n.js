// The JavaScript's words in the page's language. base.html embeds the translations as JSON
// (#js-catalogue, from Django's djangojs catalogue: backcare/languages.py), so they need no
// generated script (strict CSP) and come with every page kept offline. Without them (an
// English page, node's tests) the English text is used as it is. Mark text with gettext()
// and ngettext() so `make messages` finds it; fill in values with interpolate().

let loaded;

function catalogue() {
  if (loaded === undefined) {
    loaded = null;
    const element = globalThis.document?.getElementById("js-catalogue");
    if (element) {
      try {
        loaded = JSON.parse(element.textContent);
      } catch {
        loaded = null;
      }
    }
  }
  return loaded;
}

/** The page's language ("en" when the page does not say). */
export function pageLanguage() {
  return globalThis.document?.documentElement?.lang || "en";
}

export function gettext(text) {
  const found = catalogue()?.catalog?.[text];
  if (typeof found === "string" && found) return found;
  if (Array.isArray(found) && found[0]) return found[0];
  return text;
}

/** The plural form for `count`: the catalogue's table of form indices covers 0-199; a larger
 * count reads as 100 + its last two digits (plural rules look at n % 10 and n % 100). */
export function ngettext(singular, plural, count) {
  const data = catalogue();
  const forms = data?.catalog?.[singular];
  if (Array.isArray(forms) && Array.isArray(data.plural)) {
    const n = Math.abs(Math.trunc(count));
    const index = data.plural[n < 200 ? n : 100 + (n % 100)];
    if (forms[index]) return forms[index];
  }
  return count === 1 ? singular : plural;
}

/** "%(name)s" in `text` replaced by `values.name`. */
export function interpolate(text, values) {
  return text.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** For tests: forget the catalogue read so far. */
export function resetCatalogue(data) {
  loaded = data === undefined ? undefined : data;
}
