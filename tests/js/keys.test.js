// The player's keyboard shortcuts (static/js/player-keys.js), without a browser: which key
// does what, and when a key is left to the page (typing, a focused button, a modifier).
import assert from "node:assert/strict";
import { test } from "node:test";

import { bindKeys } from "../../static/js/player-keys.js";
import { FakeElement, keydown } from "./dom.js";

/** A target of `tag` with shortcuts bound; what ran, in order. */
function bound(tag = "body", { active = true, canToggle = true, playing = true } = {}) {
  const target = new FakeElement(tag);
  const ran = [];
  bindKeys(target, {
    active: () => active,
    canToggle: () => canToggle,
    playing: () => playing,
    toggle: () => ran.push("toggle"),
    skip: () => ran.push("skip"),
    back: () => ran.push("back"),
    restart: () => ran.push("restart"),
  });
  return { target, ran };
}

test("Space toggles, the arrows skip and go back, R restarts", () => {
  const { target, ran } = bound();
  const presses = [" ", "Spacebar", "ArrowRight", "ArrowLeft", "r", "R"].map((key) => keydown(target, key));
  assert.deepEqual(ran, ["toggle", "toggle", "skip", "back", "restart", "restart"]);
  assert.ok(presses.every((event) => event.defaultPrevented)); // the page does not scroll
});

test("other keys are left to the page", () => {
  const { target, ran } = bound();
  const presses = ["Enter", "Tab", "ArrowDown", "x"].map((key) => keydown(target, key));
  assert.deepEqual(ran, []);
  assert.ok(presses.every((event) => !event.defaultPrevented));
});

test("a key with Ctrl, Cmd or Alt is the browser's, not the player's", () => {
  const { target, ran } = bound();
  for (const modifier of ["ctrlKey", "metaKey", "altKey"]) {
    keydown(target, "ArrowRight", { [modifier]: true });
    keydown(target, " ", { [modifier]: true });
  }
  assert.deepEqual(ran, []);
});

test("typing in a form field is typing", () => {
  for (const tag of ["input", "select", "textarea"]) {
    const { target, ran } = bound(tag);
    for (const key of [" ", "ArrowRight", "ArrowLeft", "r"]) keydown(target, key);
    assert.deepEqual(ran, [], tag);
  }
});

test("a focused button, link or summary keeps Space, while the arrows still work", () => {
  for (const tag of ["button", "a", "summary"]) {
    const { target, ran } = bound(tag);
    const space = keydown(target, " ");
    keydown(target, "ArrowRight");
    assert.equal(space.defaultPrevented, false, tag); // the button is pressed by the browser
    assert.deepEqual(ran, ["skip"], tag);
  }
});

test("before the start only Space works, and only when the player can start", () => {
  const ready = bound("body", { playing: false });
  for (const key of [" ", "ArrowRight", "ArrowLeft", "r"]) keydown(ready.target, key);
  assert.deepEqual(ready.ran, ["toggle"]);

  const blocked = bound("body", { playing: false, canToggle: false });
  assert.equal(keydown(blocked.target, " ").defaultPrevented, false);
  assert.deepEqual(blocked.ran, []);
});

test("an inactive player (a panel open over it, the routine finished) takes no key", () => {
  const { target, ran } = bound("body", { active: false });
  for (const key of [" ", "ArrowRight", "ArrowLeft", "r"]) keydown(target, key);
  assert.deepEqual(ran, []);
});

test("a key another handler already took is not taken twice", () => {
  const { target, ran } = bound();
  const event = new Event("keydown", { cancelable: true });
  Object.assign(event, { key: "ArrowRight" });
  event.preventDefault();
  target.dispatchEvent(event);
  assert.deepEqual(ran, []);
});
