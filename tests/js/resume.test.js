// Resuming a routine (static/js/player-resume.js, player-session.js), without a browser: the
// state follows the contract the home page reads, expires after six hours, and a session
// restored from it saves the same client_id, position, history and check-in.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as clock from "../../static/js/player-clock.js";
import { canResume, createResumeStore, MAX_AGE_MS, STATE_KEY } from "../../static/js/player-resume.js";
import { createSession } from "../../static/js/player-session.js";
import { memoryStorage } from "./storage.js";

const plan = {
  routine: { id: 7, name: "Morning back" },
  plannedSeconds: 35,
  checkIn: { unwell: false, new_pain: false, weak: false },
  painBefore: 3,
  items: [{ slug: "cat", name: "Cat stretch" }, { slug: "bridge", name: "Bridge" }],
  steps: [
    { kind: "get-ready", item: 0, seconds: 5 }, { kind: "work", item: 0, seconds: 10 },
    { kind: "get-ready", item: 1, seconds: 5 }, { kind: "work", item: 1, seconds: 15 },
  ],
};

test("the stored state follows the shared contract and is stamped with the time", () => {
  let wall = 1_000_000;
  const storage = memoryStorage();
  const store = createResumeStore(storage, () => wall);
  assert.equal(store.save({ routineId: 7, routineName: "Morning back", playUrl: "/routines/7/play/" }), true);
  const raw = JSON.parse(storage.getItem(STATE_KEY));
  assert.deepEqual(raw, { routineId: 7, routineName: "Morning back", playUrl: "/routines/7/play/",
    version: 1, savedAt: 1_000_000 });
  wall += MAX_AGE_MS;
  assert.equal(store.load().routineId, 7); // six hours exactly: still offered
  wall += 1;
  assert.equal(store.load(), null); // older: ignored and removed
  assert.equal(storage.getItem(STATE_KEY), null);
});

test("unreadable, foreign-version or future states are removed", () => {
  for (const bad of ["{oops", JSON.stringify({ version: 2, savedAt: 0 }), JSON.stringify([1]),
    JSON.stringify({ version: 1, savedAt: 5000 })]) {
    const storage = memoryStorage({ [STATE_KEY]: bad });
    assert.equal(createResumeStore(storage, () => 0).load(), null, bad);
    assert.equal(storage.getItem(STATE_KEY), null, bad);
  }
  const storage = memoryStorage();
  assert.equal(createResumeStore(storage).load(), null);
});

test("a session goes into the state and comes back exactly where it was", () => {
  const first = createSession(structuredClone(plan));
  first.start(100, Date.UTC(2025, 2, 3, 9));
  first.timeline = clock.skip(first.timeline, 2100); // get-ready left after 2 s
  first.stoppedItems.add(0);
  const state = JSON.parse(JSON.stringify(first.toState(6100, { playUrl: "/p/", signature: "s" })));
  assert.equal(state.routineId, 7);
  assert.equal(state.routineName, "Morning back");
  assert.equal(state.snapshot.index, 1);
  assert.equal(state.snapshot.stepElapsedMs, 4000);
  assert.ok(canResume(state, 7, "s"));
  assert.ok(!canResume(state, 8, "s"), "another routine");
  assert.ok(!canResume(state, 7, "changed"), "a changed plan");

  // The page is reloaded five minutes later; the fresh page's check-in is not this session's.
  const again = createSession({ ...structuredClone(plan), checkIn: { unwell: true }, painBefore: 9 });
  const wallNow = Date.UTC(2025, 2, 3, 9) + 6000 + 300_000;
  again.fromState(state, 1000, wallNow);
  assert.deepEqual(clock.positionAt(again.timeline, 999).index, 1);
  assert.equal(clock.positionAt(again.timeline, 999).stepElapsedMs, 4000);
  again.timeline = clock.resume(again.timeline, 1000);
  const body = again.body(1000 + 6000, { pain_after: 1, effort: 4, notes: "" }); // the hold ends
  assert.equal(body.client_id, first.clientId);
  assert.equal(body.started_at, "2025-03-03T09:00:00.000Z");
  assert.equal(body.actual_seconds, 12);
  assert.deepEqual(body.check_in, plan.checkIn);
  assert.equal(body.pain_before, 3);
  assert.deepEqual(body.items, [
    { exercise: "cat", status: "stopped", seconds: 10 },
    { exercise: "bridge", status: "skipped", seconds: 0 },
  ]);
  assert.equal(Date.parse(body.finished_at) - Date.parse(body.started_at), 6000 + 300_000 + 6000);
});

test("the offer says where the routine was left and how long ago", async () => {
  const { offerText } = await import("../../static/js/player-offer.js");
  const named = { ...plan, steps: plan.steps.map((s) => ({ ...s, mode: "hold", sets: 1 })) };
  const state = { savedAt: 0, snapshot: { index: 1, stepElapsedMs: 4500 } };
  assert.equal(offerText(state, named, 25 * 60_000),
    "You left this routine 25 minutes ago, 00:09 into it: Cat stretch (Hold the position).");
  assert.equal(offerText({ ...state, ended: "early" }, named, 2 * 3600_000),
    "You ended this routine 2 hours ago but did not save it yet.");
});
