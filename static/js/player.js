// The routine player's controller: plays the timed plan embedded in the page (#player-plan),
// keeps a routine in progress on this device so it can be resumed, and saves the session
// when it ends. Where the routine is comes from the clock (player-clock.js) and
// performance.now(); the 250 ms interval only refreshes the screen, so a late timer or a
// sleeping phone never makes the routine drift. Without JavaScript the page shows the
// routine as a list with a form to log it by hand; this script hides the list.

import * as clock from "./player-clock.js";
import { createCues } from "./player-cues.js";
import { gettext, interpolate } from "./i18n.js";
import { bindKeys } from "./player-keys.js";
import { watchLeaving } from "./player-leave.js";
import { canResume, createResumeStore } from "./player-resume.js";
import { offerResume } from "./player-offer.js";
import { createSaver } from "./player-save.js";
import { createSession } from "./player-session.js";
import { backTarget, nextExerciseStart, painItem, planSignature, skipTarget } from "./player-steps.js";
import { createView, setPressed, show } from "./player-view.js";
import { announcement, phaseLabel, spokenCue, summary } from "./player-words.js";
import { keepScreenOn, letScreenSleep } from "./player-wakelock.js";

const REFRESH_MS = 250;
const PERSIST_MS = 2000;

// The routine's plan (cached with the page) with today's check-in (rendered per request).
const plan = {
  ...JSON.parse(document.getElementById("player-plan").textContent),
  ...JSON.parse(document.getElementById("player-check-in")?.textContent ?? "{}"),
};
const { steps, items } = plan;
const view = createView(plan);
const { ui } = view;
const cues = createCues(plan.preferences ?? {});
const store = createResumeStore(window.localStorage);
const signature = planSignature(steps);

const session = createSession(plan);
let refreshTimer = null;
let shownIndex = -1; // the step the screen shows, to notice step changes
let lastBeep = ""; // "step:second" of the last countdown beep, so each beeps once
let lastPersist = 0;
let mode = "ready"; // ready | playing | stopped (this hurts) | finishing | saving | saved
let ended = null; // "early" or "finished" once the finish panel is up
let kept = false; // the session is safe on this device (saved or queued): leaving is fine
let stopResumeAt = 0; // where "Skip to the next exercise" goes after "this hurts"

const now = () => performance.now();
const position = (at = now()) => clock.positionAt(session.timeline, at);
const currentIndex = (at = now()) => Math.min(position(at).index, steps.length - 1);

// ---- Keeping the routine on this device ------------------------------------------------

function persist(at = now()) {
  const live = ["playing", "stopped", "finishing"].includes(mode);
  if (!clock.isStarted(session.timeline) || kept || !live) return;
  lastPersist = at;
  store.save(session.toState(at, { playUrl: window.location.pathname, signature, ended }));
}

function resumeFrom(state) {
  const at = now();
  session.fromState(state, at);
  mode = "playing";
  shownIndex = position(at).index;
  show(ui.warning, false);
  if (state.ended === "early" || position(at).finished) {
    finishRoutine(at, { early: state.ended === "early" });
    return;
  }
  cues.ensureAudio(); // a click: sound and the wake lock are allowed now
  keepScreenOn();
  startRefreshing();
  refresh();
  const phase = phaseLabel(steps, currentIndex(at));
  view.announce(interpolate(gettext("Resumed where you left off, paused: %(phase)s. Press Resume to go on."), { phase }));
  ui.toggle.focus();
}

// ---- The loop --------------------------------------------------------------------------

function stepChanged(index) {
  view.announce(announcement(steps, index));
  cues.stepBeep();
  cues.say(spokenCue(steps, index));
  view.emit("player:step", position(), session.timeline);
  persist();
}

function countdownBeeps(at) {
  if (at.paused) return;
  const left = clock.displaySeconds(at.stepRemainingMs);
  const key = `${at.index}:${left}`;
  if (left >= 1 && left <= 3 && key !== lastBeep && session.timeline.durations[at.index] > 3000) {
    lastBeep = key;
    cues.countdownBeep();
  }
}

/** Bring the screen up to date with where the routine is now. */
function refresh() {
  // The finish panel is up: there is no step to show (a tab switch there must not redraw).
  if (!["ready", "playing", "stopped"].includes(mode)) return;
  const at = now();
  const where = position(at);
  if (where.started && where.finished && mode === "playing") {
    finishRoutine(at, { early: false });
    return;
  }
  if (where.index !== shownIndex) {
    const first = shownIndex === -1;
    shownIndex = where.index;
    if (where.started && !first) stepChanged(where.index);
  }
  view.draw(where, session.timeline, mode);
  if (mode === "playing") countdownBeeps(where);
  if (at - lastPersist >= PERSIST_MS) persist(at);
}

function startRefreshing() {
  refreshTimer ??= setInterval(refresh, REFRESH_MS);
}

function stopRefreshing() {
  clearInterval(refreshTimer);
  refreshTimer = null;
}

// ---- Controls --------------------------------------------------------------------------

function startRoutine() {
  cues.ensureAudio();
  store.clear(); // a fresh start replaces whatever was kept
  session.start(now());
  mode = "playing";
  show(ui.warning, false);
  show(ui.resume, false);
  keepScreenOn();
  shownIndex = 0;
  stepChanged(0);
  startRefreshing();
  refresh();
}

function togglePause() {
  if (mode === "ready") {
    startRoutine();
    return;
  }
  if (mode !== "playing") return;
  if (clock.isPaused(session.timeline)) {
    cues.ensureAudio();
    session.timeline = clock.resume(session.timeline, now());
    view.announce(gettext("Resumed."));
  } else {
    session.timeline = clock.pause(session.timeline, now());
    cues.hush();
    view.announce(gettext("Paused."));
  }
  persist();
  refresh();
}

function move(change) {
  if (mode !== "playing") return;
  session.timeline = change(session.timeline, now());
  lastBeep = "";
  refresh();
  persist();
}

const skip = () => move((t, at) => clock.jumpTo(t, skipTarget(steps, clock.positionAt(t, at).index), at));
const back = () => move((t, at) => clock.jumpTo(t, backTarget(steps, clock.positionAt(t, at).index), at));

/** "Stop — this hurts": the exercise that hurt is marked as stopped; the user chooses next. */
function stopForPain() {
  if (mode !== "playing") return;
  const at = now();
  const item = painItem(steps, currentIndex(at), clock.historyAt(session.timeline, at).spentMs);
  if (item !== null) session.stoppedItems.add(item);
  stopResumeAt = nextExerciseStart(steps, item ?? -1);
  session.timeline = clock.pause(session.timeline, at);
  mode = "stopped";
  cues.hush();
  view.showStop(item === null ? null : items[item].name, stopResumeAt < steps.length);
  refresh();
  persist(at);
  view.focusStop();
}

function skipToNextExercise() {
  if (mode !== "stopped") return;
  const at = now();
  show(ui.stopPanel, false);
  mode = "playing";
  session.timeline = clock.resume(clock.jumpTo(session.timeline, stopResumeAt, at), at);
  refresh();
  persist(at);
  ui.toggle.focus();
}

function endSession() {
  if (mode !== "playing" && mode !== "stopped") return;
  const at = now();
  session.timeline = clock.pause(session.timeline, at);
  show(ui.stopPanel, false);
  finishRoutine(at, { early: true });
}

/** Back from "End session" to the routine, if it was pressed by mistake. */
function backToRoutine() {
  if (mode !== "finishing" || ended !== "early") return;
  mode = "playing";
  ended = null;
  view.showFinish(false);
  session.timeline = clock.resume(session.timeline, now());
  startRefreshing();
  keepScreenOn();
  refresh();
  persist();
  ui.toggle.focus();
}

// ---- The end ---------------------------------------------------------------------------

function finishRoutine(at, { early }) {
  mode = "finishing";
  ended = early ? "early" : "finished";
  stopRefreshing();
  cues.hush();
  const frozen = early ? session.timeline : clock.end(session.timeline, at);
  const records = session.records(at, frozen);
  view.showFinish(true, {
    early, summary: summary(records, Math.round(clock.activeMs(frozen, at) / 1000)),
  });
  letScreenSleep();
  if (!early) {
    session.timeline = frozen;
    cues.finishTune();
    cues.say(gettext("Routine finished. Well done."));
  }
  persist(at);
  view.focusFinish();
}

const scoreOf = (select) => (select.value === "" ? null : Number.parseInt(select.value, 10));
const formFields = () => ({
  pain_after: scoreOf(ui.painAfter), effort: scoreOf(ui.effort), notes: ui.notes.value.trim(),
});

const saver = createSaver({
  saveUrl: plan.saveUrl, view, body: () => session.body(now(), formFields()), fields: formFields,
  canSave: () => mode === "finishing",
  onStart: () => { mode = "saving"; show(ui.finishResume, false); ended = "finished"; },
  // Safe on this device: the queue owns it now, and leaving the page loses nothing.
  onKept: () => { kept = true; store.clear(); },
  onSaved: (url) => { mode = "saved"; kept = true; store.clear(); window.location.assign(url); },
  // Saved as first sent: nothing is left to keep or resume; the page stays to say so.
  onConflict: () => { mode = "saved"; kept = true; store.clear(); },
  onFailed: () => { mode = "finishing"; },
});

// ---- Setting up ------------------------------------------------------------------------

function setUp() {
  view.setUp(cues);

  view.bind({
    toggle: togglePause, back, restart: () => move(clock.restartStep),
    skip, end: endSession, hurts: stopForPain, stopNext: skipToNextExercise, stopEnd: endSession,
    finishResume: backToRoutine,
    sound: () => setPressed(ui.sound, cues.toggleSound()),
    voice: () => setPressed(ui.voice, cues.toggleVoice()),
  });
  ui.finishForm.addEventListener("submit", (event) => { event.preventDefault(); saver.save(); });
  bindKeys(document, {
    active: () => !ui.player.hidden,
    canToggle: () => mode === "ready" || mode === "playing",
    playing: () => mode === "playing",
    toggle: togglePause, skip, back, restart: () => move(clock.restartStep),
  });
  window.addEventListener("online", saver.onOnline);
  watchLeaving({
    keep: () => persist(),
    shown: () => {
      refresh(); // back from another tab or a sleeping phone: where the routine really is
      if (mode === "playing" || mode === "stopped") keepScreenOn();
    },
    mustAsk: () => clock.isStarted(session.timeline) && !kept && !["ready", "saved"].includes(mode),
  });

  const state = store.load();
  if (canResume(state, plan.routine.id, signature)) {
    offerResume(view, state, plan, { onResume: () => resumeFrom(state), onDiscard: store.clear });
  }
  refresh();
  saver.sendPending();
}

setUp();
