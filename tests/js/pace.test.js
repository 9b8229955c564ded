// Counting inside one step (static/js/player-pace.js), without a browser: which repetition,
// which hold and which breath the clock is in.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  breathingPatternFor, breathingPhase, BREATHING_4_6_8, holdPhase, repetition,
} from "../../static/js/player-pace.js";

test("held repetitions: hold, release, hold, and no release after the last", () => {
  // 3 holds of 5 s with 5 s between: 0-5 hold 1, 5-10 relax, 10-15 hold 2, 15-20 relax, 20-25 hold 3.
  assert.deepEqual([0, 4.9, 5, 9.9, 10, 16, 21, 40]
    .map((e) => { const p = holdPhase(e, 5, 5, 3); return [p.hold, p.releasing]; }),
  [[1, false], [1, false], [1, true], [1, true], [2, false], [2, true], [3, false], [3, false]]);
  // Without a release (old plans) it counts holds back to back.
  assert.deepEqual(holdPhase(12, 5, 0, 3), { hold: 3, releasing: false });
});

test("counting inside a step: repetitions and the breathing pacer", () => {
  assert.deepEqual([[0, 4, 10], [3.9, 4, 10], [4, 4, 10], [100, 4, 10]]
    .map(([e, pace, n]) => repetition(e, pace, n)), [1, 1, 2, 10]);
  assert.deepEqual([0, 3.5, 4, 9.5, 10, 17.9, 18].map((e) => {
    const b = breathingPhase(e);
    return [b.phase, b.secondsLeft, b.cycle];
  }), [["in", 4, 1], ["in", 1, 1], ["hold", 6, 1], ["hold", 1, 1], ["out", 8, 1], ["out", 1, 1],
    ["in", 4, 2]]);
  assert.deepEqual(breathingPatternFor({ mode: "reps", seconds_per_rep: 8 }),
    { inhale: 4, hold: 0, exhale: 4 });
});

test("a repetition is never before the first nor after the last, whatever the input", () => {
  assert.deepEqual([repetition(-3, 4, 10), repetition(5, 0, 10), repetition(5, 4, 0)], [1, 1, 1]);
  assert.deepEqual(holdPhase(7, 0, 5, 3), { hold: 1, releasing: false });
});

test("4-6-8 breathing for a breathing exercise's own pace or none; half in, half out else", () => {
  assert.equal(breathingPatternFor({ mode: "reps", seconds_per_rep: 18 }), BREATHING_4_6_8);
  assert.equal(breathingPatternFor({ mode: "hold", seconds: 60 }), BREATHING_4_6_8);
  assert.deepEqual(breathingPatternFor({ mode: "reps", seconds_per_rep: 5 }),
    { inhale: 2, hold: 0, exhale: 3 });
  // Without a hold the pacer alternates in and out.
  assert.deepEqual([0, 2, 5].map((e) => breathingPhase(e, { inhale: 2, hold: 0, exhale: 3 }).phase),
    ["in", "out", "in"]);
});
