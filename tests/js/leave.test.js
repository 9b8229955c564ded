// The player page hidden, shown again or left (static/js/player-leave.js), without a
// browser: hidden or left keeps the routine's state, shown again catches up, and leaving in
// the middle of a routine asks first.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";

import { watchLeaving } from "../../static/js/player-leave.js";
import { fakeDocument, install } from "./dom.js";

let restore;
let document;
let window;
let calls;
let ask;

beforeEach(() => {
  document = fakeDocument();
  window = new EventTarget();
  restore = install({ document, window });
  calls = [];
  ask = false;
  watchLeaving({
    keep: () => calls.push("keep"),
    shown: () => calls.push("shown"),
    mustAsk: () => ask,
  });
});

afterEach(() => restore());

function visibility(state) {
  document.visibilityState = state;
  document.dispatchEvent(new Event("visibilitychange"));
}

function beforeUnload() {
  const event = new Event("beforeunload", { cancelable: true });
  // Writable, as on a browser's BeforeUnloadEvent (Node's Event has a getter only).
  Object.defineProperty(event, "returnValue", { value: undefined, writable: true });
  window.dispatchEvent(event);
  return event;
}

test("hidden keeps the state; shown again catches up", () => {
  visibility("hidden");
  visibility("visible");
  assert.deepEqual(calls, ["keep", "shown"]);
});

test("leaving the page keeps the state", () => {
  window.dispatchEvent(new Event("pagehide"));
  assert.deepEqual(calls, ["keep"]);
});

test("leaving in the middle of a routine asks first and keeps the state", () => {
  ask = true;
  const event = beforeUnload();
  // The browser's "leave this page?": asked for both ways, old browsers read returnValue.
  assert.equal(event.defaultPrevented, true);
  assert.equal(event.returnValue, "");
  assert.deepEqual(calls, ["keep"]);
});

test("leaving before the start or after the save asks nothing", () => {
  const event = beforeUnload();
  assert.equal(event.defaultPrevented, false);
  assert.equal(event.returnValue, undefined);
  assert.deepEqual(calls, []);
});
