// The player's offline check-in (static/js/player-offline.js through player-check-in.js),
// without a browser: a player kept on the device asks today's check-in again before it can
// start; while the question is open the player is out of reach, its keys too; "no to all"
// gives it back, "yes to one" keeps it away and says what to do instead.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { checkInIfKept, servedFromCache } from "../../static/js/player-check-in.js";
import { bindKeys } from "../../static/js/player-keys.js";
import { FakeElement, fakeDocument, install, keydownIn } from "./dom.js";

let restore = () => {};
afterEach(() => restore());

function element(tag, attributes = {}, ...children) {
  const made = new FakeElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "hidden") made.hidden = value;
    else made.setAttribute(name, value);
  }
  made.append(...children);
  return made;
}

/** The player page: the player (with its Start button) and templates/offline/check_in.html,
 * the player's shortcuts bound as player.js binds them; what the shortcuts ran. */
function playerPage() {
  const document = fakeDocument(["player", "player-toggle", "offline-check-in"]);
  restore = install({ document });
  const player = document.getElementById("player");
  player.append(document.getElementById("player-toggle"));
  document.body.append(player);
  document.getElementById("offline-check-in").content = element("fragment", {},
    element("section", {},
      element("h2", {}, "Before you start: today's check-in"),
      element("div", { "data-check-in-answers": "" },
        element("button", { "data-check-in-clear": "" }, "No to all of them: start"),
        element("button", { "data-check-in-stop": "" }, "Yes to one of them")),
      element("div", { "data-check-in-stopped": "", hidden: true },
        element("p", {}, "Rest today: skip this routine."))));
  const ran = [];
  bindKeys(document, {
    active: () => true, canToggle: () => true, playing: () => true,
    toggle: () => ran.push("toggle"), skip: () => ran.push("skip"),
    back: () => ran.push("back"), restart: () => ran.push("restart"),
  });
  const panel = () => document.body.children.find((node) => node.tagName === "SECTION") ?? null;
  const press = (key, from = document.body) => keydownIn(document, from, key);
  return { document, player, panel, ran, press };
}

const offline = { onLine: false };

/** A navigator online whose worker answers the page's "from-cache" question with `fromCache`
 * (or never, when it is undefined). */
function online(fromCache) {
  const controller = {
    postMessage(message, [port]) {
      assert.deepEqual(message, { type: "from-cache" });
      if (fromCache !== undefined) port.postMessage({ fromCache });
    },
  };
  return { onLine: true, serviceWorker: { controller } };
}

test("offline, the check-in comes before the player and its keys do nothing", async () => {
  const { document, player, panel, ran, press } = playerPage();
  await checkInIfKept(document, offline);
  assert.deepEqual(document.body.children, [panel(), player]);
  assert.equal(player.inert, true);
  assert.equal(document.activeElement, panel().querySelector("h2"));
  press(" ");
  press("ArrowRight");
  press("r", player.querySelector("#player-toggle"));
  assert.deepEqual(ran, [], "Space would start the routine");
  // A key pressed in the question itself is not stopped on its way.
  assert.equal(press("ArrowRight", panel().querySelector("[data-check-in-stop]")).defaultPrevented, true);
  assert.deepEqual(ran, ["skip"]);
});

test("no to all takes the question away, gives the player back and the focus to Start", async () => {
  const { document, player, panel, ran, press } = playerPage();
  await checkInIfKept(document, offline);
  panel().querySelector("[data-check-in-clear]").dispatchEvent(new Event("click"));
  assert.equal(panel(), null);
  assert.deepEqual(document.body.children, [player]);
  assert.equal(player.inert, false);
  assert.equal(document.activeElement, document.getElementById("player-toggle"));
  press(" ");
  assert.deepEqual(ran, ["toggle"]);
});

test("yes to one keeps the player out of reach and says to rest today", async () => {
  const { document, player, panel, ran, press } = playerPage();
  await checkInIfKept(document, offline);
  panel().querySelector("[data-check-in-stop]").dispatchEvent(new Event("click"));
  assert.equal(panel().querySelector("[data-check-in-answers]").hidden, true);
  const advice = panel().querySelector("[data-check-in-stopped]");
  assert.equal(advice.hidden, false);
  assert.match(advice.textContent, /Rest today/);
  assert.equal(player.inert, true);
  press(" ");
  assert.deepEqual(ran, []);
});

test("online, it is asked only when the worker served the page from its cache", async () => {
  for (const [nav, asked] of [[{ onLine: true }, false], [online(false), false], [online(true), true]]) {
    const { document, player, panel } = playerPage();
    await checkInIfKept(document, nav);
    assert.equal(panel() !== null, asked, JSON.stringify(nav));
    assert.equal(Boolean(player.inert), asked);
    restore();
  }
  assert.equal(await servedFromCache(online(undefined), 10), false, "a worker that does not answer");
});
