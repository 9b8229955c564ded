// The player's screen (static/js/player-view.js), without a browser: for a position of the
// clock and the player's mode, which controls can be used, which counters and panels show,
// what the progress bars read and what the hook for other scripts receives.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";

import * as clock from "../../static/js/player-clock.js";
import { createView } from "../../static/js/player-view.js";
import { fakeDocument, install, PLAYER_IDS } from "./dom.js";

const CONTROLS = ["toggle", "back", "restart", "skip", "end", "hurts"];

const work = { kind: "work", side: "", sets: 1, set_number: 1 };
// A reps exercise, the rest between exercises, three held repetitions, a breathing exercise.
const plan = {
  items: [
    { slug: "cat", name: "Cat stretch", category: "mobility", instructions: ["Round", "Arch"] },
    { slug: "plank", name: "Side plank", category: "strength", instructions: ["Hold"],
      takeCare: true, reason: "Osteoporosis", watch: ["Sharp pain"] },
    { slug: "breathe", name: "Slow breathing", category: "breathing", instructions: [],
      notForYou: true, reason: "Asthma" },
  ],
  steps: [
    { ...work, item: 0, seconds: 16, mode: "reps", reps: 4, seconds_per_rep: 4 },
    { kind: "rest", item: 0, seconds: 10 },
    { ...work, item: 1, seconds: 25, mode: "hold", reps: 3, hold_seconds: 5,
      release_seconds: 5 },
    { ...work, item: 2, seconds: 36, mode: "reps", reps: 2, seconds_per_rep: 18 },
  ],
};

let document;
let restore;
let view;
let timeline;

beforeEach(() => {
  document = fakeDocument(PLAYER_IDS);
  restore = install({ document, window: {} });
  view = createView(plan);
  timeline = clock.createTimeline(plan.steps);
});

afterEach(() => restore());

/** Draw the screen `ms` after Start (or before it, `started` false) in `mode`. */
function drawAt(ms, mode = "playing", { started = true, paused = false } = {}) {
  let t = started ? clock.start(timeline, 0) : timeline;
  if (paused) t = clock.pause(t, ms);
  const position = clock.positionAt(t, ms);
  view.draw(position, t, mode);
  return position;
}

const usable = () => CONTROLS.filter((name) => !view.ui[name].disabled);
const shown = (name) => !view.ui[name].hidden;

test("before the start only the toggle can be used, and it starts", () => {
  drawAt(0, "ready", { started: false });
  assert.deepEqual(usable(), ["toggle"]);
  assert.equal(view.ui.toggle.textContent, "Start");
});

test("playing the first step, every control but Back can be used; later Back too", () => {
  drawAt(1000);
  assert.deepEqual(usable(), ["toggle", "restart", "skip", "end", "hurts"]);
  assert.equal(view.ui.toggle.textContent, "Pause");
  drawAt(17_000);
  assert.deepEqual(usable(), CONTROLS);
});

test("paused, the toggle resumes and the pause is shown in words", () => {
  drawAt(3000, "playing", { paused: true });
  assert.equal(view.ui.toggle.textContent, "Resume");
  assert.equal(shown("paused"), true);
  drawAt(3000);
  assert.equal(shown("paused"), false);
});

test("stopped for pain or finished, no control of the routine can be used", () => {
  for (const mode of ["stopped", "finished"]) {
    drawAt(3000, mode);
    assert.deepEqual(usable(), [], mode);
  }
});

test("a reps step counts its repetitions from the clock", () => {
  drawAt(0, "ready", { started: false });
  assert.equal(shown("reps"), false); // nothing counts before the start
  drawAt(5000); // 5 s at 4 s a repetition: the second
  assert.equal(shown("reps"), true);
  assert.match(view.ui.reps.textContent, /\b2 of 4\b/);
  assert.equal(shown("breath"), false);
});

test("held repetitions count the holds and the relaxing between them", () => {
  drawAt(26_000 + 2000); // 2 s into the first hold
  assert.match(view.ui.reps.textContent, /\b1 of 3\b/);
  const holding = view.ui.reps.textContent;
  drawAt(26_000 + 7000); // 2 s into the first release
  assert.match(view.ui.reps.textContent, /\b1 of 3\b/);
  assert.notEqual(view.ui.reps.textContent, holding);
  drawAt(26_000 + 12_000); // the second hold
  assert.match(view.ui.reps.textContent, /\b2 of 3\b/);
});

test("a breathing exercise shows the pacer with the seconds left of the breath", () => {
  drawAt(51_000 + 1000); // 1 s into 4-6-8 breathing: 3 s left of the in-breath
  assert.equal(shown("breath"), true);
  assert.match(view.ui.breath.textContent, / 3$/);
  drawAt(51_000 + 5000); // 1 s into the hold: 5 s left
  assert.match(view.ui.breath.textContent, / 5$/);
});

test("the rest between two exercises already shows the next one", () => {
  drawAt(1000);
  assert.equal(view.ui.name.textContent, "Cat stretch");
  assert.equal(view.ui.howName.textContent, "Cat stretch");
  assert.equal(view.ui.instructions.children.length, 2);
  assert.equal(shown("care"), false);
  drawAt(17_000);
  assert.equal(view.ui.name.textContent, "Side plank");
  assert.equal(view.ui.howName.textContent, "Side plank");
  // A "take care" exercise says why and what to watch for.
  assert.equal(shown("care"), true);
  assert.match(view.ui.careReason.textContent, /Osteoporosis/);
  assert.equal(view.ui.careWatch.children.length, 1);
  assert.equal(shown("badge"), false);
});

test("an exercise that is not for the person is badged, and not as take-care", () => {
  drawAt(52_000);
  assert.equal(shown("badge"), true);
  assert.match(view.ui.badgeReason.textContent, /Asthma/);
  assert.equal(shown("care"), false);
});

test("the progress bars read thousandths of the step and of the routine", () => {
  drawAt(4000);
  assert.equal(view.ui.stepProgress.value, 250); // 4 of 16 s
  assert.equal(view.ui.routineProgress.value, Math.round((1000 * 4) / 87));
  assert.equal(view.ui.countdown.textContent, "00:12");
});

test("every draw tells the hook where the routine is", () => {
  const seen = [];
  view.ui.player.addEventListener("player:position", (event) => seen.push(event.detail));
  drawAt(30_000);
  assert.deepEqual(seen, [{
    index: 2, step: plan.steps[2], item: 1, stepElapsedMs: 4000, stepMs: 25_000,
    routineElapsedMs: 30_000, paused: false, started: true,
  }]);
});

test("the finish panel replaces the routine; only an early end can be taken back", () => {
  view.showFinish(true, { early: true, summary: "2 done" });
  assert.deepEqual([shown("main"), shown("finish"), shown("fallback"), shown("finishResume")],
    [false, true, false, true]);
  assert.equal(view.ui.finishSummary.textContent, "2 done");
  view.showFinish(true, { early: false });
  assert.equal(shown("finishResume"), false);
  view.showFinish(false);
  assert.deepEqual([shown("main"), shown("finish"), shown("fallback")], [true, false, true]);
});

test("the stop panel offers the next exercise only when there is one", () => {
  view.showStop("Cat stretch", true);
  assert.deepEqual([shown("stopPanel"), shown("stopNext")], [true, true]);
  assert.match(view.ui.alert.textContent, /Cat stretch/);
  view.showStop(null, false);
  assert.equal(shown("stopNext"), false);
  assert.doesNotMatch(view.ui.alert.textContent, /Cat stretch/);
});

test("a session already saved otherwise locks the form and links to it", () => {
  view.ui.finishSave.focus(); // the person pressed Save
  view.showConflict("/routines/history/9/", ["notes"]);
  assert.equal(view.ui.finishSave.disabled, true);
  assert.equal(view.ui.painAfter.disabled, true);
  assert.equal(view.ui.effort.disabled, true);
  assert.equal(view.ui.notes.readOnly, true); // still readable, to copy from
  const link = view.ui.finishStatus.children.find((node) => node.tagName === "A");
  assert.equal(link.href, "/routines/history/9/");
  assert.equal(document.activeElement, link);
});

test("a background attempt leaves the focus in the field the person is typing in", () => {
  view.ui.notes.focus();
  view.showConflict("/routines/history/9/", ["notes"]);
  assert.equal(document.activeElement, view.ui.notes);
});

test("set-up shows the player, the cue switches as preferred, and voice only if it can speak", () => {
  view.ui.player.hidden = true;
  view.setUp({ sound: true, voice: false });
  assert.equal(shown("player"), true);
  assert.equal(shown("fallbackList"), false);
  assert.equal(view.ui.sound.getAttribute("aria-pressed"), "true");
  assert.equal(view.ui.voice.getAttribute("aria-pressed"), "false");
  assert.equal(shown("voice"), false); // this window has no speechSynthesis
  // The exercises not for the person (the page lists them) are shown before the start.
  assert.equal(shown("warning"), true);
});
