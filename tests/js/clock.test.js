// The player's clock (static/js/player-clock.js), without a browser: `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as c from "../../static/js/player-clock.js";

const steps = [{ seconds: 5 }, { seconds: 10 }, { seconds: 5 }];
const pick = (p) => [p.index, p.stepElapsedMs, p.stepRemainingMs, p.routineElapsedMs,
  p.routineRemainingMs, p.finished];

test("a running timeline walks the step durations from its anchor", () => {
  const t = c.start(c.createTimeline(steps), 1000);
  assert.deepEqual(pick(c.positionAt(t, 8000)), [1, 2000, 8000, 7000, 13000, false]);
  assert.deepEqual(pick(c.positionAt(t, 1000 + 20_000)), [3, 0, 0, 20000, 0, true]);
  assert.equal(c.positionAt(c.createTimeline(steps), 5).started, false);
});

test("a pause stands still and shifts every later deadline by its length", () => {
  let t = c.start(c.createTimeline(steps), 1000);
  t = c.pause(t, 8000);
  assert.deepEqual(pick(c.positionAt(t, 68000)), [1, 2000, 8000, 7000, 13000, false]);
  assert.equal(c.finishTime(t), null);
  t = c.resume(t, 68000);
  assert.deepEqual(pick(c.positionAt(t, 69000)), [1, 3000, 7000, 8000, 12000, false]);
  assert.equal(c.finishTime(t), 1000 + 60000 + 20000);
  assert.equal(c.activeMs(t, 69000), 8000);
  assert.equal(c.wallMs(t, 69000), 68000);
});

test("skip, back and restart keep the history of what was played", () => {
  let t = c.start(c.createTimeline(steps), 1000);
  t = c.skip(t, 9000); // 3 s into step 1
  assert.deepEqual(pick(c.positionAt(t, 9000)), [2, 0, 5000, 15000, 5000, false]);
  assert.deepEqual(c.historyAt(t, 10000), { spentMs: [5000, 3000, 1000], completed: [true, false, false] });
  assert.deepEqual(pick(c.positionAt(c.back(t, 10000), 10500)), [1, 500, 9500, 5500, 14500, false]);
  assert.deepEqual(pick(c.positionAt(c.restartStep(t, 12000), 12000)), [2, 0, 5000, 15000, 5000, false]);
  assert.deepEqual(pick(c.positionAt(c.jumpTo(t, 99, 12000), 12000)), [3, 0, 0, 20000, 0, true]);
});

test("end freezes the clock when the last step ended, not when it was noticed", () => {
  let t = c.start(c.createTimeline(steps), 1000);
  t = c.skip(t, 9000);
  const ended = c.end(t, 10 ** 9);
  assert.equal(ended.endedAt, 9000 + 5000);
  assert.equal(c.activeMs(ended, 2 * 10 ** 9), 13000);
  assert.equal(c.end(ended, 5 * 10 ** 9), ended);
});

test("functions never change the timeline they are given", () => {
  const t = c.start(c.createTimeline(steps), 0);
  const copy = structuredClone(t);
  c.skip(t, 100);
  c.pause(t, 100);
  c.end(t, 100);
  assert.deepEqual(t, copy);
});

test("a snapshot restores to the same step, time into it, history and active time", () => {
  let t = c.start(c.createTimeline(steps), 1000);
  t = c.skip(t, 3000); // leave step 0 after 2 s
  t = c.pause(t, 5000);
  t = c.resume(t, 65_000); // a minute of pause
  const snap = c.snapshot(t, 69_000); // 6 s into step 1
  assert.equal(snap.index, 1);
  assert.equal(snap.stepElapsedMs, 6000);
  assert.equal(snap.activeMs, 8000);
  assert.equal(snap.wallMs, 68_000);
  // A reload: another performance.now() origin, and ten minutes away counted as a pause.
  const r = c.restore(steps, JSON.parse(JSON.stringify(snap)), 500, 68_000 + 600_000);
  assert.equal(c.isPaused(r), true);
  assert.deepEqual(pick(c.positionAt(r, 90_000)), pick(c.positionAt(t, 69_000)));
  assert.deepEqual(c.historyAt(r, 500), c.historyAt(t, 69_000));
  assert.equal(c.activeMs(r, 90_000), 8000);
  assert.equal(c.wallMs(r, 500), 668_000);
  const going = c.resume(r, 1000);
  assert.deepEqual(pick(c.positionAt(going, 2000)), [1, 7000, 3000, 12000, 8000, false]);
  assert.equal(c.activeMs(going, 2000), 9000);
});

test("restore clamps a position that does not fit the plan", () => {
  const r = c.restore(steps, { index: 7, stepElapsedMs: 50_000, activeMs: 1000, wallMs: 500 }, 0);
  assert.equal(c.positionAt(r, 0).finished, true);
  const s = c.restore(steps, { index: 1, stepElapsedMs: 50_000, activeMs: 0, wallMs: 0 }, 0);
  assert.deepEqual(pick(c.positionAt(s, 0)), [2, 0, 5000, 15000, 5000, false]);
});

test("display: countdown seconds round up, clocks read mm:ss or h:mm:ss", () => {
  assert.deepEqual([c.formatClock(65), c.formatClock(0), c.formatClock(3725)],
    ["01:05", "00:00", "1:02:05"]);
  assert.deepEqual([4200, 4000, 1, 0, -5].map(c.displaySeconds), [5, 4, 1, 0, 0]);
});
