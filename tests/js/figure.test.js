// The player's figure timing (static/js/player-figure.js), without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import { figureTime, sideOf } from "../../static/js/player-figure.js";

const figure = { cycle: 4, key: 2, still: false };
const work = (extra) => ({ kind: "work", item: 0, side: "", reps: 1, ...extra });

test("a repetition is one cycle of the figure, at the step's own tempo", () => {
  const step = work({ mode: "reps", seconds_per_rep: 5, reps: 8 });
  assert.equal(figureTime(step, 0, 0, figure), 0);
  assert.equal(figureTime(step, 0, 2500, figure), 2);
  assert.equal(figureTime(step, 0, 7500, figure), 6);
});

test("a hold plays the way in, then stays in the held pose; each hold starts again", () => {
  const step = work({ mode: "hold", hold_seconds: 30, reps: 2 });
  assert.equal(figureTime(step, 0, 2000, figure), 2);
  assert.equal(figureTime(step, 0, 20_000, figure), 4);
  // Repeated holds show the way out at the end of each hold, not a snap back to the start.
  assert.equal(figureTime(step, 0, 28_000, figure), 2);
  assert.equal(figureTime(step, 0, 29_500, figure), 0.5);
  assert.equal(figureTime(step, 0, 31_000, figure), 1);
  // With a release between holds: the starting pose while relaxing, then the way in again.
  const released = work({ mode: "hold", hold_seconds: 30, reps: 2, release_seconds: 10 });
  assert.equal(figureTime(released, 0, 29_000, figure), 4);
  assert.equal(figureTime(released, 0, 35_000, figure), 0);
  assert.equal(figureTime(released, 0, 41_000, figure), 1);
  assert.equal(figureTime(released, 0, 70_000, figure), 4);
  // A single hold keeps the held pose to its end (the rest that follows shows the start).
  assert.equal(figureTime(work({ mode: "hold", hold_seconds: 30, reps: 1 }), 0, 29_000, figure), 4);
  // A short hold: the way in takes a third of it at most.
  assert.equal(figureTime(work({ mode: "hold", hold_seconds: 6 }), 0, 1000, figure), 2);
});

test("anything but a work step of the exercise on screen shows the starting pose", () => {
  assert.equal(figureTime({ kind: "get-ready", item: 0, mode: "reps" }, 0, 3000, figure), 0);
  assert.equal(figureTime(work({ mode: "timed" }), 1, 3000, figure), 0);
  assert.equal(figureTime(work({ mode: "timed" }), 0, 3000, figure), 3);
});

test("reduced motion: the key pose, whatever the time", () => {
  const still = { ...figure, still: true };
  assert.equal(figureTime(work({ mode: "reps", seconds_per_rep: 5 }), 0, 2500, still), 2);
  assert.equal(figureTime({ kind: "rest", item: 0 }, 0, 0, still), 2);
});

test("the side shown: the step's own, else the side of what comes next", () => {
  const steps = [
    { kind: "get-ready", item: 0, side: "left" }, { kind: "work", item: 0, side: "left" },
    { kind: "switch", item: 0, side: "right" }, { kind: "work", item: 0, side: "right" },
    { kind: "rest", item: 0, side: "" }, { kind: "work", item: 0, side: "left" },
    { kind: "rest", item: 0, side: "" }, { kind: "get-ready", item: 1, side: "" },
  ];
  assert.equal(sideOf(steps, 1, 0), "left");
  assert.equal(sideOf(steps, 2, 0), "right");
  assert.equal(sideOf(steps, 4, 0), "left"); // rest between sets: the left side comes next
  assert.equal(sideOf(steps, 6, 1), ""); // rest between exercises: the next one's side
});

test("the phase named is the keyframe the figure is moving towards", async () => {
  const { phaseOf } = await import("../../static/js/player-figure.js");
  const catCow = { cycle: 4, mode: "reps", phases: ["flat", "round", "flat", "dip"] };
  assert.equal(phaseOf(0, catCow), "round");
  assert.equal(phaseOf(1.5, catCow), "flat");
  assert.equal(phaseOf(3.9, catCow), "flat"); // dip back to the start
  assert.equal(phaseOf(4.5, catCow), "round"); // the next repetition
  const hold = { cycle: 2.5, mode: "hold", phases: ["lying", "chest up"] };
  assert.equal(phaseOf(1, hold), "chest up");
  assert.equal(phaseOf(30, hold), "chest up"); // held
  assert.equal(phaseOf(1, { cycle: 4, mode: "reps", phases: [] }), "");
  // 4-6-8 breathing: in for 4 s, held for 6, out for 8, as the pacer says.
  const breathing = {
    cycle: 18, mode: "reps", phases: ["breathe out", "breathe in", "hold"],
    times: [0, 4 / 18, 10 / 18, 1],
  };
  assert.equal(phaseOf(3.9, breathing), "breathe in");
  assert.equal(phaseOf(4.1, breathing), "hold");
  assert.equal(phaseOf(9.9, breathing), "hold");
  assert.equal(phaseOf(10.1, breathing), "breathe out");
  assert.equal(phaseOf(17.9, breathing), "breathe out");
});

test("reduced motion: each keyframe is shown at the moment it shows in the animation", async () => {
  const { keyframeTimes } = await import("../../static/js/player-figure.js");
  // A repetition of three keyframes (back to the first at the end), evenly timed.
  const catCow = { cycle: 6, phases: ["flat", "round", "dip"], times: [0, 1 / 3, 2 / 3, 1] };
  assert.deepEqual(keyframeTimes(catCow), [0, 2, 4]);
  // 4-6-8 breathing: the beats move the keyframes; a hold's last keyframe is its end.
  const breathing = { cycle: 18, phases: ["out", "in", "hold"], times: [0, 4 / 18, 10 / 18, 1] };
  assert.deepEqual(keyframeTimes(breathing), [0, 4, 10]);
  const hold = { cycle: 2.5, phases: ["lying", "chest up"], times: [0, 1] };
  assert.deepEqual(keyframeTimes(hold), [0, 2.5]);
  assert.deepEqual(keyframeTimes({ cycle: 0, phases: ["a"], times: [] }), []);
});
