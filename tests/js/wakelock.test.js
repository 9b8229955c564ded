// Keeping the screen on while a routine plays (static/js/player-wakelock.js), without a
// browser: one lock at a time, none for a hidden page, a refusal ignored, released on demand.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { keepScreenOn, letScreenSleep } from "../../static/js/player-wakelock.js";
import { fakeDocument, install } from "./dom.js";

let restore = () => {};

afterEach(() => {
  letScreenSleep();
  restore();
});

/** A navigator whose wake lock grants (or, with `refuse`, refuses) each request; the locks. */
function screen({ refuse = false, visibility = "visible" } = {}) {
  const locks = [];
  const wakeLock = {
    async request(type) {
      if (refuse) throw new Error("NotAllowedError");
      const lock = new EventTarget();
      Object.assign(lock, { type, released: false });
      lock.release = async () => {
        lock.released = true;
        lock.dispatchEvent(new Event("release"));
      };
      locks.push(lock);
      return lock;
    },
  };
  const document = fakeDocument();
  document.visibilityState = visibility;
  restore = install({ document, navigator: { wakeLock } });
  return locks;
}

test("playing keeps the screen on with one lock, however often it asks", async () => {
  const locks = screen();
  await keepScreenOn();
  await keepScreenOn();
  assert.equal(locks.length, 1);
  assert.equal(locks[0].type, "screen");

  letScreenSleep();
  assert.equal(locks[0].released, true);
  await keepScreenOn(); // playing again: a new lock
  assert.equal(locks.length, 2);
});

test("a lock the browser let go (the page hidden) is asked for again", async () => {
  const locks = screen();
  await keepScreenOn();
  await locks[0].release();
  await keepScreenOn();
  assert.equal(locks.length, 2);
});

test("a hidden page asks for no lock", async () => {
  const locks = screen({ visibility: "hidden" });
  await keepScreenOn();
  assert.equal(locks.length, 0);
});

test("a refusal or a browser without wake locks is no error", async () => {
  screen({ refuse: true });
  await keepScreenOn();
  letScreenSleep();
  restore();
  restore = install({ document: fakeDocument(), navigator: {} });
  await keepScreenOn();
  letScreenSleep();
});
