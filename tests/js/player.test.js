// The player's controller (static/js/player-controller.js), without a browser: a routine
// played on the real view over a stand-in page, with a fake clock that moves only when the
// test says, fake timers, the resume store and the save queue in memory (the queue on
// fake-indexeddb), and cues that record what they were asked to play. What a person depends
// on: the right step at the right moment, pause, skip, back, "this hurts", nothing lost when
// the page is left, the finish summary and the session kept until BackCare has it.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { createPlayer } from "../../static/js/player-controller.js";
import { bindKeys } from "../../static/js/player-keys.js";
import { createResumeStore, STATE_KEY } from "../../static/js/player-resume.js";
import { createView } from "../../static/js/player-view.js";
import { fakeDocument, install, keydownIn, PLAYER_IDS } from "./dom.js";
import { memoryQueueStore, memoryStorage } from "./storage.js";

const work = { kind: "work", side: "", sets: 1, set_number: 1, reps: 1, seconds_per_rep: 0 };
const cat = { item: 0, slug: "cat", name: "Cat stretch" };
const bridge = { item: 1, slug: "bridge", name: "Bridge" };
// Two exercises, 33 s: get ready 0-5, the cat's hold 5-15, rest 15-20, get ready 20-25, the
// bridge's two repetitions 25-33.
const PLAN = {
  routine: { id: 7, name: "Morning back" },
  saveUrl: "/routines/7/sessions/",
  plannedSeconds: 33,
  checkIn: { unwell: false, new_pain: false, weak: false, nerves: false },
  painBefore: 3,
  items: [
    { slug: "cat", name: "Cat stretch", category: "mobility", instructions: ["Round", "Arch"] },
    { slug: "bridge", name: "Bridge", category: "strength", instructions: ["Lift"] },
  ],
  steps: [
    { kind: "get-ready", ...cat, seconds: 5 },
    { ...work, ...cat, seconds: 10, mode: "hold", hold_seconds: 10 },
    { kind: "rest", ...cat, seconds: 5 },
    { kind: "get-ready", ...bridge, seconds: 5 },
    { ...work, ...bridge, seconds: 8, mode: "reps", reps: 2, seconds_per_rep: 4 },
  ],
};
const PLAY_URL = "/routines/7/play/";
const WALL = Date.UTC(2026, 10, 27, 9, 0, 0); // the wall clock when the page opened

const undo = [];
afterEach(() => {
  while (undo.length) undo.pop()();
});

/**
 * performance.now() standing at `start` until the test moves it, the wall clock moving with
 * it from `wall`, and setInterval/clearInterval that fire only when told.
 */
function fakeTime({ start = 10_000, wall = WALL } = {}) {
  let t = start;
  const intervals = new Map();
  let lastId = 0;
  return {
    now: () => t,
    wall: () => wall + (t - start),
    timers: {
      setInterval: (callback, ms) => {
        lastId += 1;
        intervals.set(lastId, { callback, ms, next: t + ms });
        return lastId;
      },
      clearInterval: (id) => { intervals.delete(id); },
    },
    /** `ms` go by with every interval firing on time (a page in front of its reader). */
    run(ms) {
      const end = t + ms;
      for (;;) {
        const [timer] = [...intervals.values()].sort((a, b) => a.next - b.next);
        if (!timer || timer.next > end) break;
        t = timer.next;
        timer.next += timer.ms;
        timer.callback();
      }
      t = end;
    },
    /** `ms` go by and no timer fires (a sleeping phone, a throttled tab). */
    sleep(ms) { t += ms; },
    /** Every interval fires once, now (late, after a sleep). */
    tick() { for (const timer of [...intervals.values()]) timer.callback(); },
    get intervals() { return intervals.size; },
  };
}

/** Cues that play nothing and remember what they were asked, with the countdown shown then. */
function fakeCues(view) {
  const heard = [];
  return {
    heard,
    sound: true,
    voice: true,
    ensureAudio() {},
    hush: () => heard.push("hush"),
    say: (text) => heard.push(["say", text]),
    stepBeep: () => heard.push("step"),
    countdownBeep: () => heard.push(["countdown", view.ui.countdown.textContent]),
    finishTune: () => heard.push("tune"),
    toggleSound() { this.sound = !this.sound; return this.sound; },
    toggleVoice() { this.voice = !this.voice; return this.voice; },
  };
}

function answer(status, data) {
  return { status, json: async () => data };
}

/**
 * The player page opened (and set up) on a stand-in document. `storage` is the device's
 * localStorage (the resume store), `queue` the save queue's store; `answers` are BackCare's
 * answers to the POSTs in turn (an Error, or none left: no network).
 */
function openPlayer({ storage = memoryStorage(), queue = memoryQueueStore(), answers = [], offline = false,
                      time = fakeTime() } = {}) {
  const document = fakeDocument(PLAYER_IDS);
  undo.push(install({ document, window: new EventTarget() }));
  const plan = structuredClone(PLAN);
  const view = createView(plan);
  view.ui.player.hidden = true; // as the page serves it: shown when the script runs
  view.ui.painAfter.value = "";
  view.ui.effort.value = "";
  view.ui.notes.value = "";
  const cues = fakeCues(view);
  const screen = { on: false, keepOn() { this.on = true; }, letSleep() { this.on = false; } };
  const location = { pathname: PLAY_URL, assigned: [], assign(url) { this.assigned.push(url); } };
  const network = { offline, sent: [] };
  const fetchFn = async (url, options) => {
    network.sent.push(JSON.parse(options.body));
    const next = answers.shift();
    if (!next || next instanceof Error) throw next ?? new TypeError("Failed to fetch");
    return next;
  };
  const player = createPlayer({
    plan, view, cues, store: createResumeStore(storage, time.wall), now: time.now,
    wallNow: time.wall, timers: time.timers, screen, location,
    saveDeps: {
      store: queue, user: "k1", fetchFn, csrfToken: () => "token",
      isOffline: () => network.offline, wait: async () => {}, setTimer: () => 0, askForSync() {},
    },
  });
  player.setUp();
  const { ui } = view;
  const click = (name) => ui[name].dispatchEvent(new Event("click"));
  const screenNow = () => [ui.phase.textContent, ui.name.textContent, ui.countdown.textContent];
  const stored = () => JSON.parse(storage.getItem(STATE_KEY));
  return {
    document, view, ui, player, cues, screen, location, network, storage, queue, time, click,
    screenNow, stored,
  };
}

/** Let the saves under way finish (the queue's transactions and the answers). */
async function settle() {
  for (let turn = 0; turn < 50; turn += 1) await new Promise((resolve) => { setImmediate(resolve); });
}

async function submit(page) {
  page.ui.finishForm.dispatchEvent(new Event("submit", { cancelable: true }));
  await settle();
}

const countdownBeeps = (heard) => heard.filter((cue) => cue[0] === "countdown").map((cue) => cue[1]);

// ---- Playing ---------------------------------------------------------------------------

test("the player shows itself ready, and Start plays the first step", () => {
  const page = openPlayer();
  const { ui } = page;
  assert.equal(ui.player.hidden, false);
  assert.equal(ui.fallbackList.hidden, true);
  assert.equal(ui.toggle.textContent, "Start");
  assert.deepEqual(page.screenNow(), ["Get ready", "Cat stretch", "00:05"]);
  assert.equal(page.time.intervals, 0, "nothing ticks before the start");
  assert.equal(page.stored(), null, "nothing kept before the start");

  page.click("toggle");
  assert.equal(ui.toggle.textContent, "Pause");
  assert.equal(ui.status.textContent, "Get ready: Cat stretch. Starts in 5 seconds.");
  assert.deepEqual(page.cues.heard, ["step", ["say", "Get ready. Cat stretch"]]);
  assert.equal(page.screen.on, true, "the screen stays on while a routine plays");
  assert.equal(page.time.intervals, 1);
  page.time.run(1000);
  assert.deepEqual(page.screenNow(), ["Get ready", "Cat stretch", "00:04"]);
});

test("the steps follow the clock, not the number of ticks: a late tick lands where it should", () => {
  const page = openPlayer();
  page.click("toggle");
  for (let i = 0; i < 40; i += 1) page.time.tick(); // ten seconds' worth of ticks, no time
  assert.deepEqual(page.screenNow(), ["Get ready", "Cat stretch", "00:05"]);

  page.time.sleep(7300); // no tick for 7.3 s, then one
  page.time.tick();
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:08"]);
  assert.equal(page.ui.status.textContent, "Cat stretch: Hold 10 seconds.");

  page.time.sleep(9000); // a sleeping phone shown again: the rest, 1.3 s in
  page.player.leaving.shown();
  assert.deepEqual(page.screenNow(), ["Rest", "Bridge", "00:04"]);

  page.time.sleep(60_000); // far past the end: finished, at the plan's length
  page.time.tick();
  assert.equal(page.ui.finishHeading.textContent, "Well done — routine finished");
  assert.equal(page.ui.finishSummary.textContent, "You practised for 00:33: 2 exercises done.");
});

test("pausing keeps the position however long the pause, and resuming goes on from it", () => {
  const page = openPlayer();
  const { ui } = page;
  page.click("toggle");
  page.time.run(1000);
  page.click("toggle");
  assert.equal(ui.status.textContent, "Paused.");
  assert.equal(ui.toggle.textContent, "Resume");
  assert.equal(ui.paused.hidden, false);
  assert.ok(page.cues.heard.includes("hush"), "the voice stops mid-sentence");
  page.time.run(60_000);
  assert.deepEqual(page.screenNow(), ["Get ready", "Cat stretch", "00:04"]);
  assert.equal(page.stored().snapshot.stepElapsedMs, 1000);

  page.click("toggle");
  assert.equal(ui.status.textContent, "Resumed.");
  assert.equal(ui.paused.hidden, true);
  page.time.run(1000);
  assert.deepEqual(page.screenNow(), ["Get ready", "Cat stretch", "00:03"]);
  page.time.run(3000);
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:10"]);
});

test("a pause in the last seconds of a step silences the countdown until it resumes", () => {
  const page = openPlayer();
  page.click("toggle");
  page.time.run(2000);
  assert.deepEqual(countdownBeeps(page.cues.heard), ["00:03"]);
  page.click("toggle");
  page.time.run(30_000);
  assert.deepEqual(countdownBeeps(page.cues.heard), ["00:03"], "no countdown while paused");
  page.click("toggle");
  page.time.run(3000);
  assert.deepEqual(countdownBeeps(page.cues.heard), ["00:03", "00:02", "00:01"]);
});

test("Skip goes to the next step, from a rest straight to the next exercise; Back to the exercise before", () => {
  const page = openPlayer();
  page.click("toggle");
  page.time.run(2000);
  page.click("skip");
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:10"]);
  page.click("skip");
  assert.deepEqual(page.screenNow(), ["Rest", "Bridge", "00:05"]);
  page.click("skip"); // the rest skipped means "I am ready": past the bridge's get-ready
  assert.deepEqual(page.screenNow(), ["Repetitions", "Bridge", "00:08"]);
  page.time.run(3000);
  page.click("back"); // to the cat's hold, not to the bridge's get-ready
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:10"]);
  page.time.run(4000);
  page.click("restart");
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:10"]);
  page.time.run(10_000);
  assert.deepEqual(page.screenNow(), ["Rest", "Bridge", "00:05"]);
});

test("the keys follow the player: Space starts and pauses, the arrows only while playing", () => {
  const page = openPlayer();
  bindKeys(page.document, page.player.keys);
  const press = (key) => keydownIn(page.document, page.document.body, key);
  press("ArrowRight");
  assert.equal(page.ui.toggle.textContent, "Start", "nothing to skip before the start");
  press(" ");
  press("ArrowRight");
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:10"]);
  page.click("hurts");
  assert.equal(press(" ").defaultPrevented, false, "Space is the focused button's again");
  press("ArrowLeft");
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:10"]);
  assert.equal(page.ui.stopPanel.hidden, false, "stopped for pain: only the stop panel's choices");
});

test("shown again after another tab or a locked phone: the right step, the screen kept on", () => {
  const page = openPlayer();
  page.player.leaving.shown();
  assert.equal(page.screen.on, false, "not before the start");
  page.click("toggle");
  page.screen.on = false; // the browser let the wake lock go while the page was hidden
  page.time.sleep(16_000);
  page.player.leaving.shown();
  assert.deepEqual(page.screenNow(), ["Rest", "Bridge", "00:04"]);
  assert.equal(page.screen.on, true);
  page.time.run(30_000);
  page.player.leaving.shown();
  assert.equal(page.screen.on, false, "finished: the screen may sleep");
});

// ---- "Stop — this hurts" ---------------------------------------------------------------

test("this hurts stops, marks the exercise and offers to skip to the next one", async () => {
  const page = openPlayer({ answers: [answer(201, { url: "/routines/history/5/" })] });
  const { ui } = page;
  page.click("toggle");
  page.time.run(7000); // 2 s into the cat's hold
  page.click("hurts");
  assert.equal(ui.stopPanel.hidden, false);
  assert.match(ui.stopText.textContent, /^Cat stretch is marked as stopped for pain\./);
  assert.equal(ui.stopNext.hidden, false);
  assert.equal(ui.stopNext.textContent, "Skip to the next exercise");
  assert.equal(ui.alert.textContent, "Stopped. Cat stretch is marked as stopped because it hurts.");
  assert.equal(page.document.activeElement, ui.stopHeading);
  assert.ok(["toggle", "skip", "back", "restart", "end", "hurts"].every((name) => ui[name].disabled));
  page.time.run(30_000);
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:08"], "the clock waits");
  assert.equal(page.stored().snapshot.index, 1, "kept while stopped");
  assert.deepEqual(page.stored().stoppedItems, [0]);

  page.click("stopNext");
  assert.equal(ui.stopPanel.hidden, true);
  assert.deepEqual(page.screenNow(), ["Get ready", "Bridge", "00:05"]);
  assert.equal(page.document.activeElement, ui.toggle);
  page.time.run(1000);
  assert.deepEqual(page.screenNow(), ["Get ready", "Bridge", "00:04"]);

  page.click("end");
  assert.equal(ui.finishSummary.textContent,
    "You practised for 00:08: 0 exercises done, 1 skipped, 1 stopped because it hurt.");
  await submit(page);
  assert.deepEqual(page.network.sent[0].items, [
    { exercise: "cat", status: "stopped", seconds: 2 },
    { exercise: "bridge", status: "skipped", seconds: 0 },
  ]);
});

test("this hurts before any exercise began marks none and goes on from the start", () => {
  const page = openPlayer();
  page.click("toggle");
  page.time.run(2000);
  page.click("hurts");
  assert.match(page.ui.stopText.textContent, /^No exercise had started yet/);
  assert.equal(page.ui.stopNext.textContent, "Go on with the routine");
  assert.deepEqual(page.stored().stoppedItems, []);
  page.click("stopNext");
  assert.deepEqual(page.screenNow(), ["Get ready", "Cat stretch", "00:05"]);
});

// ---- Kept on this device ---------------------------------------------------------------

test("while playing, the position is kept on the device every two seconds and at each change", () => {
  const page = openPlayer();
  page.time.run(5000);
  assert.equal(page.stored(), null, "ready: nothing to keep");
  page.click("toggle");
  const first = page.stored();
  assert.deepEqual([first.routineId, first.routineName, first.playUrl, first.version],
    [7, "Morning back", PLAY_URL, 1]);
  assert.deepEqual([first.snapshot.index, first.snapshot.stepElapsedMs], [0, 0]);
  page.time.run(1750);
  assert.equal(page.stored().snapshot.stepElapsedMs, 0, "not at every tick");
  page.time.run(250);
  assert.equal(page.stored().snapshot.stepElapsedMs, 2000);
  page.time.run(500);
  page.click("skip");
  assert.deepEqual([page.stored().snapshot.index, page.stored().snapshot.stepElapsedMs], [1, 0]);
  page.time.run(1000);
  page.player.leaving.keep(); // the page hidden or left
  assert.equal(page.stored().snapshot.stepElapsedMs, 1000);
});

test("a routine left part-way is offered again and resumes paused at the same moment", async () => {
  const storage = memoryStorage();
  const first = openPlayer({ storage });
  first.click("toggle");
  first.time.run(7300); // 2.3 s into the cat's hold
  first.player.leaving.keep();
  const { clientId } = first.stored();

  const later = fakeTime({ start: 500, wall: WALL + 10 * 60_000 }); // a reload ten minutes on
  const page = openPlayer({ storage, time: later, answers: [answer(201, { url: "/routines/history/5/" })] });
  const { ui } = page;
  assert.equal(ui.resume.hidden, false);
  assert.match(ui.resumeText.textContent, /Cat stretch \(Hold the position\)/);
  assert.equal(page.document.activeElement, ui.resumeHeading);
  page.click("resumeYes");
  assert.equal(ui.resume.hidden, true);
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:08"]);
  assert.equal(ui.paused.hidden, false);
  assert.equal(ui.toggle.textContent, "Resume");
  assert.equal(page.document.activeElement, ui.toggle);
  assert.equal(ui.status.textContent,
    "Resumed where you left off, paused: Hold the position. Press Resume to go on.");
  assert.equal(page.player.leaving.mustAsk(), true);

  page.time.run(5000);
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:08"]);
  page.click("toggle");
  page.time.run(8000); // the 7.7 s left of the hold, and 0.3 s of the rest
  assert.deepEqual(page.screenNow(), ["Rest", "Bridge", "00:05"]);
  page.click("end");
  await submit(page);
  const [sent] = page.network.sent;
  assert.equal(sent.client_id, clientId, "the same session: BackCare stores it once");
  assert.equal(sent.items[0].status, "done");
  assert.equal(sent.actual_seconds, 15, "the time away is not practice");
  assert.equal(sent.started_at, new Date(WALL).toISOString());
  assert.equal(sent.finished_at, new Date(WALL + 10 * 60_000 + 13_000).toISOString(),
    "ended on the wall clock 13 s after the reload");
});

test("a session ended but not saved comes back to its finish form, to be saved once", async () => {
  const storage = memoryStorage();
  const first = openPlayer({ storage });
  first.click("toggle");
  first.time.run(7000);
  first.click("end");
  const { clientId } = first.stored();

  const page = openPlayer({ storage, time: fakeTime({ wall: WALL + 60_000 }),
                            answers: [answer(201, { url: "/routines/history/5/" })] });
  assert.match(page.ui.resumeText.textContent, /You ended this routine/);
  page.click("resumeYes");
  assert.equal(page.ui.finishHeading.textContent, "Session ended");
  assert.equal(page.ui.finishSummary.textContent, "You practised for 00:07: 0 exercises done, 2 skipped.");
  assert.equal(page.ui.main.hidden, true);
  await submit(page);
  assert.equal(page.network.sent[0].client_id, clientId);
});

// ---- The end ---------------------------------------------------------------------------

test("ending early can be taken back; its summary counts what was done until then", () => {
  const page = openPlayer();
  const { ui } = page;
  page.click("toggle");
  page.time.run(7000);
  page.click("end");
  assert.equal(ui.finish.hidden, false);
  assert.equal(ui.main.hidden, true);
  assert.equal(ui.finishHeading.textContent, "Session ended");
  assert.equal(ui.finishSummary.textContent, "You practised for 00:07: 0 exercises done, 2 skipped.");
  assert.equal(ui.finishResume.hidden, false);
  assert.equal(page.document.activeElement, ui.finishHeading);
  assert.equal(page.screen.on, false);
  assert.equal(page.time.intervals, 0);
  assert.equal(page.stored().ended, "early", "kept as ended, to come back to its form");
  assert.equal(page.player.leaving.mustAsk(), true, "not saved yet");
  assert.ok(!page.cues.heard.includes("tune"));

  page.time.run(20_000);
  page.click("finishResume");
  assert.equal(ui.finish.hidden, true);
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:08"]);
  assert.equal(page.document.activeElement, ui.toggle);
  page.time.run(1000);
  assert.deepEqual(page.screenNow(), ["Hold the position", "Cat stretch", "00:07"]);
});

test("played to the end: finished, with the tune, the words and the plan's length", () => {
  const page = openPlayer();
  const { ui } = page;
  page.click("toggle");
  page.time.run(40_000);
  assert.equal(ui.finishHeading.textContent, "Well done — routine finished");
  assert.equal(ui.finishSummary.textContent, "You practised for 00:33: 2 exercises done.");
  assert.equal(ui.finishResume.hidden, true, "a finished routine cannot be taken back");
  assert.deepEqual(page.cues.heard.slice(-3), ["hush", "tune", ["say", "Routine finished. Well done."]]);
  assert.equal(page.screen.on, false);
  assert.equal(page.time.intervals, 0);
  assert.equal(page.stored().ended, "finished");
  assert.equal(page.document.activeElement, ui.finishHeading);
});

test("saved: the session as played goes to BackCare, the device forgets it and the page moves on", async () => {
  const page = openPlayer({ answers: [answer(201, { url: "/routines/history/5/" })] });
  page.click("toggle");
  page.time.run(40_000);
  page.ui.painAfter.value = "2";
  page.ui.notes.value = "  Easier today. ";
  await submit(page);
  const [sent] = page.network.sent;
  assert.equal(sent.started_at, new Date(WALL).toISOString());
  assert.equal(sent.finished_at, new Date(WALL + 33_000).toISOString());
  assert.deepEqual([sent.planned_seconds, sent.actual_seconds, sent.pain_before, sent.pain_after,
    sent.effort, sent.notes], [33, 33, 3, 2, null, "Easier today."]);
  assert.deepEqual(sent.check_in, PLAN.checkIn);
  assert.deepEqual(sent.items, [
    { exercise: "cat", status: "done", seconds: 10 }, { exercise: "bridge", status: "done", seconds: 8 },
  ]);
  assert.deepEqual(page.location.assigned, ["/routines/history/5/"]);
  assert.equal(page.stored(), null);
  assert.equal(page.player.leaving.mustAsk(), false);
  page.player.leaving.keep();
  assert.equal(page.stored(), null, "nothing kept again once saved");
});

test("offline, the session is queued on the device and kept: leaving the page loses nothing", async () => {
  const page = openPlayer({ offline: true });
  page.click("toggle");
  page.time.run(40_000);
  await submit(page);
  assert.equal(page.network.sent.length, 1, "offline: one attempt, no retries");
  assert.deepEqual((await page.queue.read()).map((entry) => entry.clientId),
    [page.network.sent[0].client_id]);
  assert.match(page.ui.finishStatus.textContent, /^Waiting to save: you are offline\. Your session is kept on this device/);
  assert.equal(page.ui.finishSave.disabled, false);
  assert.equal(page.stored(), null, "the queue has it now: nothing left to resume");
  assert.equal(page.player.leaving.mustAsk(), false, "leaving loses nothing");
  page.player.leaving.keep();
  assert.equal(page.stored(), null);
});

test("the network back, the queued session is sent and the page moves on", async () => {
  const page = openPlayer({ offline: true, answers: [new TypeError("offline"), answer(201, { url: "/routines/history/6/" })] });
  page.click("toggle");
  page.time.run(40_000);
  await submit(page);
  page.network.offline = false;
  page.player.onOnline();
  await settle();
  assert.equal(page.network.sent.length, 2);
  assert.equal(page.network.sent[1].client_id, page.network.sent[0].client_id);
  assert.deepEqual(page.location.assigned, ["/routines/history/6/"]);
  assert.deepEqual(await page.queue.read(), []);
});

test("a device that cannot store the session keeps asking before the page is left", async () => {
  // No IndexedDB (a private window of an old browser): the queue keeps nothing.
  const queue = { keep: async () => false, forget: async () => {}, read: async () => [] };
  const page = openPlayer({ queue, offline: true });
  page.click("toggle");
  page.time.run(40_000);
  await submit(page);
  assert.match(page.ui.finishStatus.textContent, /Keep this page open/);
  assert.equal(page.player.leaving.mustAsk(), true);
});

test("already saved as first sent (409): the device forgets it and the page stays to say so", async () => {
  const page = openPlayer({ answers: [answer(409, { url: "/routines/history/5/", session: {} })] });
  page.click("toggle");
  page.time.run(40_000);
  await submit(page);
  assert.deepEqual(page.location.assigned, []);
  assert.equal(page.ui.finishSave.disabled, true);
  assert.deepEqual(await page.queue.read(), []);
  assert.equal(page.player.leaving.mustAsk(), false);
});

test("leaving asks first only between the start and the save", async () => {
  const page = openPlayer({ answers: [answer(201, { url: "/h/1/" })] });
  const asks = () => page.player.leaving.mustAsk();
  assert.equal(asks(), false, "ready");
  page.click("toggle");
  assert.equal(asks(), true, "playing");
  page.click("hurts");
  assert.equal(asks(), true, "stopped for pain");
  page.click("stopEnd");
  assert.equal(asks(), true, "on the finish form");
  await submit(page);
  assert.equal(asks(), false, "saved");
});

// ---- What is heard ---------------------------------------------------------------------

test("each step change is announced in the live region and spoken once", () => {
  const page = openPlayer();
  const steps = [];
  page.ui.player.addEventListener("player:step", (event) => steps.push(event.detail.index));
  const heardAt = [];
  page.click("toggle");
  for (const ms of [5000, 10_000, 5000, 5000]) {
    heardAt.push(page.ui.status.textContent);
    page.time.run(ms - 250);
    assert.equal(page.ui.status.textContent, heardAt.at(-1), "not before the step changes");
    page.time.run(250);
  }
  heardAt.push(page.ui.status.textContent);
  assert.deepEqual(heardAt, [
    "Get ready: Cat stretch. Starts in 5 seconds.",
    "Cat stretch: Hold 10 seconds.",
    "Rest for 5 seconds. Next: Bridge — 2 repetitions.",
    "Get ready: Bridge. Starts in 5 seconds.",
    "Bridge: 2 repetitions.",
  ]);
  assert.deepEqual(steps, [0, 1, 2, 3, 4]);
  const said = page.cues.heard.filter((cue) => cue[0] === "say").map((cue) => cue[1]);
  assert.deepEqual(said, ["Get ready. Cat stretch", "Cat stretch", "Rest", "Get ready. Bridge", "Bridge"]);
  assert.equal(page.cues.heard.filter((cue) => cue === "step").length, 5);
});

test("the countdown beeps once a second over a step's last three seconds", () => {
  const page = openPlayer();
  page.click("toggle");
  page.time.run(5000);
  assert.deepEqual(countdownBeeps(page.cues.heard), ["00:03", "00:02", "00:01"]);

  page.cues.heard.length = 0;
  page.time.run(7000); // the hold at 3 s left: beep, and at once restart the step
  assert.deepEqual(countdownBeeps(page.cues.heard), ["00:03"]);
  page.click("restart");
  page.time.run(10_000);
  assert.deepEqual(countdownBeeps(page.cues.heard), ["00:03", "00:03", "00:02", "00:01"]);

  page.cues.heard.length = 0;
  page.time.run(1800); // the rest, 1.8 s in; then a tick 2.6 s late
  page.time.sleep(2600);
  page.time.tick();
  page.time.tick();
  assert.deepEqual(countdownBeeps(page.cues.heard), ["00:01"], "a late tick beeps once, not three times");
});

test("a routine resumed in a step's last seconds stays silent until Resume is pressed", () => {
  const storage = memoryStorage();
  const first = openPlayer({ storage });
  first.click("toggle");
  first.time.run(3500);
  first.player.leaving.keep();

  const page = openPlayer({ storage, time: fakeTime({ wall: WALL + 60_000 }) });
  page.click("resumeYes");
  page.time.run(5000);
  assert.deepEqual(page.screenNow(), ["Get ready", "Cat stretch", "00:02"]);
  assert.deepEqual(countdownBeeps(page.cues.heard), []);
  page.click("toggle");
  page.time.run(1500);
  assert.deepEqual(countdownBeeps(page.cues.heard), ["00:02", "00:01"]);
});
