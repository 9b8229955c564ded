// Plan stepping and wording (static/js/player-steps.js, player-words.js), without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  backTarget, focusItem, itemRecords, nextExerciseStart, painItem, planSignature, skipTarget,
} from "../../static/js/player-steps.js";
import { nextText, phaseLabel, spokenCue, summary } from "../../static/js/player-words.js";

const hold = { mode: "hold", reps: 1, sets: 1, side: "", set_number: 1, hold_seconds: 10 };
const step = (kind, item, seconds, extra = {}) => ({
  kind, item, seconds, name: ["Cat stretch", "Bridge"][item], slug: ["cat", "bridge"][item],
  ...hold, ...extra,
});
// get-ready, work (cat), rest between exercises, get-ready, work, rest (between sets), work
const steps = [
  step("get-ready", 0, 5), step("work", 0, 10), step("rest", 0, 15),
  step("get-ready", 1, 5), step("work", 1, 10, { sets: 2 }), step("rest", 1, 5, { sets: 2 }),
  step("work", 1, 10, { sets: 2, set_number: 2 }),
];
const items = [{ slug: "cat", name: "Cat stretch" }, { slug: "bridge", name: "Bridge" }];

test("skipping the rest between exercises goes straight to the next exercise's work", () => {
  assert.equal(skipTarget(steps, 2), 4);
  assert.equal(skipTarget(steps, 0), 1); // get-ready: to the work it leads into
  assert.equal(skipTarget(steps, 5), 6); // the rest between sets: to the next set
  assert.equal(skipTarget(steps, 6), 7); // the last step: past the end
});

test("Back always lands on something else to do, never on the same exercise's lead-in", () => {
  assert.equal(backTarget(steps, 4), 1); // Bridge: back to Cat stretch, not Bridge's get-ready
  assert.equal(backTarget(steps, 3), 1); // Bridge's get-ready: back to Cat stretch
  assert.equal(backTarget(steps, 2), 1); // the rest after Cat stretch: back to it
  assert.equal(backTarget(steps, 6), 4); // the second set: back to the first
  assert.equal(backTarget(steps, 1), 0); // the first exercise: back to the very start
  assert.equal(backTarget(steps, 0), 0);
});

test("during the rest between exercises the screen is about the coming one", () => {
  assert.deepEqual(steps.map((_, i) => focusItem(steps, i)), [0, 0, 1, 1, 1, 1, 1]);
  assert.equal(focusItem(steps, steps.length), 1);
});

test("'this hurts' during get-ready never marks the coming exercise", () => {
  const played = [0, 10_000, 15_000, 0, 0, 0, 0];
  assert.equal(painItem(steps, 1, played), 0); // during work: that exercise
  assert.equal(painItem(steps, 2, played), 0); // during the rest after it
  assert.equal(painItem(steps, 3, played), 0); // get-ready for Bridge: the one just done
  assert.equal(painItem(steps, 0, played), null); // nothing has begun yet
  assert.equal(painItem(steps, 3, [0, 0, 0, 0, 0, 0, 0]), null); // Cat stretch was skipped
  assert.equal(nextExerciseStart(steps, 0), 3);
  assert.equal(nextExerciseStart(steps, -1), 0);
  assert.equal(nextExerciseStart(steps, 1), steps.length);
});

test("records: done when the last work step completed, stopped wins, seconds of work", () => {
  const history = {
    spentMs: [5000, 10_000, 15_000, 5000, 10_000, 5000, 4400],
    completed: [true, true, true, true, true, true, false],
  };
  assert.deepEqual(itemRecords(steps, items, history, new Set()), [
    { exercise: "cat", status: "done", seconds: 10 },
    { exercise: "bridge", status: "skipped", seconds: 14 },
  ]);
  assert.equal(itemRecords(steps, items, history, new Set([0]))[0].status, "stopped");
});

test("the rest shows the coming exercise's name once: in the heading, not in 'Next'", () => {
  assert.equal(phaseLabel(steps, 2), "Rest");
  assert.equal(nextText(steps, 2), "Next: set 1 of 2: hold 10 seconds");
  assert.equal(nextText(steps, 2, { withName: true }), "Next: Bridge — set 1 of 2: hold 10 seconds");
  assert.equal(nextText(steps, 5), "Next: set 2 of 2: hold 10 seconds");
  assert.equal(nextText(steps, 1), "");
  assert.equal(phaseLabel(steps, 4), "Set 1 of 2");
});

test("a rest that breaks up time on the back is taken on the side, and says so", () => {
  const sideRest = steps.map((s, i) => (i === 2 ? { ...s, side_lying: true } : s));
  assert.equal(phaseLabel(sideRest, 2), "Rest on your side");
  assert.equal(spokenCue(sideRest, 2), "Roll onto your side and rest");
  assert.equal(spokenCue(steps, 2), "Rest");
});

test("the plan signature changes when the plan does", () => {
  const changed = steps.map((s, i) => (i === 4 ? { ...s, seconds: 20 } : s));
  assert.notEqual(planSignature(changed), planSignature(steps));
  assert.equal(planSignature(structuredClone(steps)), planSignature(steps));
});

test("the summary counts done, skipped and stopped exercises", () => {
  const records = [{ status: "done" }, { status: "skipped" }, { status: "stopped" }];
  assert.equal(summary(records, 310),
    "You practised for 05:10: 1 exercise done, 1 skipped, 1 stopped because it hurt.");
});
