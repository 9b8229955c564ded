import assert from "node:assert/strict";
import { test } from "node:test";

import { gettext, interpolate, ngettext, resetCatalogue } from "../../static/js/i18n.js";
import { secondsInWords, summary } from "../../static/js/player-words.js";

// The Russian plural form's index for 0-199, as backcare/languages.py computes it.
const ruPlural = Array.from({ length: 200 }, (_, n) => (n % 10 === 1 && n % 100 !== 11 ? 0
  : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2));
const RU = {
  plural: ruPlural,
  catalog: {
    "Breathe in…": "Вдох…",
    "%(count)s second": ["%(count)s секунда", "%(count)s секунды", "%(count)s секунд"],
  },
};

test("without a catalogue the English words are used", () => {
  resetCatalogue();
  assert.equal(gettext("Breathe in…"), "Breathe in…");
  assert.equal(secondsInWords(1), "1 second");
  assert.equal(secondsInWords(5), "5 seconds");
  assert.match(summary([{ status: "done" }], 70), /^You practised for 01:10: 1 exercise done\.$/);
});

test("with a catalogue the words and the plural forms are the page's language", () => {
  resetCatalogue(RU);
  try {
    assert.equal(gettext("Breathe in…"), "Вдох…");
    assert.equal(gettext("Not in the catalogue"), "Not in the catalogue");
    const words = [1, 2, 5, 11, 21, 22, 25, 111, 1001].map(secondsInWords);
    assert.deepEqual(words, [
      "1 секунда", "2 секунды", "5 секунд", "11 секунд", "21 секунда", "22 секунды",
      "25 секунд", "111 секунд", "1001 секунда",
    ]);
    assert.equal(ngettext("%(count)s minute", "%(count)s minutes", 2), "%(count)s minutes");
  } finally {
    resetCatalogue();
  }
});

test("interpolate fills named values and leaves unknown ones", () => {
  assert.equal(interpolate("%(a)s and %(b)s", { a: 1 }), "1 and %(b)s");
});
