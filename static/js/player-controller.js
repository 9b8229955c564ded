// The routine player's controller: plays a timed plan, keeps a routine in progress on this
// device so it can be resumed, and saves the session when it ends. Where the routine is
// comes from the clock (player-clock.js) and `now()`; the 250 ms interval only refreshes the
// screen, so a late timer or a sleeping phone never makes the routine drift.
//
// It decides; the view (player-view.js) draws. What it needs from the browser (the clock,
// timers, the wake lock, the address, the saver's network and storage) comes as arguments:
// player.js wires the page's, and Node's test runner plays a routine with stand-ins.

import * as clock from "./player-clock.js";
import { gettext, interpolate } from "./i18n.js";
import { canResume } from "./player-resume.js";
import { offerResume } from "./player-offer.js";
import { createSaver } from "./player-save.js";
import { createSession } from "./player-session.js";
import { backTarget, nextExerciseStart, painItem, planSignature, skipTarget } from "./player-steps.js";
import { setPressed, show } from "./player-view.js";
import { announcement, phaseLabel, spokenCue, summary } from "./player-words.js";

export const REFRESH_MS = 250;
export const PERSIST_MS = 2000;

/**
 * The player of `plan` on `view`, with `cues` (player-cues.js) and the resume `store`
 * (player-resume.js). `now()`: a monotonic clock in ms (performance.now); `wallNow()`: the
 * wall clock (Date.now); `timers`: {setInterval, clearInterval}; `screen`: {keepOn,
 * letSleep} (player-wakelock.js); `location`: {pathname, assign(url)}; `saveDeps`:
 * player-save.js's stand-ins (the browser's when left out). Returns
 * `setUp()` (show the player, offer to resume, send kept sessions) and the hooks the page
 * wires: `keys` for player-keys.js, `leaving` for player-leave.js, `onOnline`.
 */
export function createPlayer({ plan, view, cues, store, now, wallNow = () => Date.now(),
                               timers, screen, location, saveDeps }) {
  const { steps, items } = plan;
  const { ui } = view;
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

  const position = (at = now()) => clock.positionAt(session.timeline, at);
  const currentIndex = (at = now()) => Math.min(position(at).index, steps.length - 1);

  // ---- Keeping the routine on this device ----------------------------------------------

  function persist(at = now()) {
    const live = ["playing", "stopped", "finishing"].includes(mode);
    if (!clock.isStarted(session.timeline) || kept || !live) return;
    lastPersist = at;
    store.save(session.toState(at, { playUrl: location.pathname, signature, ended }));
  }

  function resumeFrom(state) {
    const at = now();
    session.fromState(state, at, wallNow());
    mode = "playing";
    shownIndex = position(at).index;
    show(ui.warning, false);
    if (state.ended === "early" || position(at).finished) {
      finishRoutine(at, { early: state.ended === "early" });
      return;
    }
    cues.ensureAudio(); // a click: sound and the wake lock are allowed now
    screen.keepOn();
    startRefreshing();
    refresh();
    const phase = phaseLabel(steps, currentIndex(at));
    view.announce(interpolate(gettext("Resumed where you left off, paused: %(phase)s. Press Resume to go on."), { phase }));
    ui.toggle.focus();
  }

  // ---- The loop ------------------------------------------------------------------------

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
    refreshTimer ??= timers.setInterval(refresh, REFRESH_MS);
  }

  function stopRefreshing() {
    timers.clearInterval(refreshTimer);
    refreshTimer = null;
  }

  // ---- Controls ------------------------------------------------------------------------

  function startRoutine() {
    cues.ensureAudio();
    store.clear(); // a fresh start replaces whatever was kept
    session.start(now(), wallNow());
    mode = "playing";
    show(ui.warning, false);
    show(ui.resume, false);
    screen.keepOn();
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
  const restart = () => move(clock.restartStep);

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
    screen.keepOn();
    refresh();
    persist();
    ui.toggle.focus();
  }

  // ---- The end -------------------------------------------------------------------------

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
    screen.letSleep();
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
    onSaved: (url) => { mode = "saved"; kept = true; store.clear(); location.assign(url); },
    // Saved as first sent: nothing is left to keep or resume; the page stays to say so.
    onConflict: () => { mode = "saved"; kept = true; store.clear(); },
    onFailed: () => { mode = "finishing"; },
    deps: saveDeps,
  });

  // ---- Setting up ----------------------------------------------------------------------

  function setUp() {
    view.setUp(cues);
    view.bind({
      toggle: togglePause, back, restart, skip, end: endSession, hurts: stopForPain,
      stopNext: skipToNextExercise, stopEnd: endSession, finishResume: backToRoutine,
      sound: () => setPressed(ui.sound, cues.toggleSound()),
      voice: () => setPressed(ui.voice, cues.toggleVoice()),
    });
    ui.finishForm.addEventListener("submit", (event) => { event.preventDefault(); saver.save(); });
    const state = store.load();
    if (canResume(state, plan.routine.id, signature)) {
      offerResume(view, state, plan, { onResume: () => resumeFrom(state), onDiscard: store.clear });
    }
    refresh();
    saver.sendPending();
  }

  return {
    setUp,
    keys: {
      active: () => !ui.player.hidden,
      canToggle: () => mode === "ready" || mode === "playing",
      playing: () => mode === "playing",
      toggle: togglePause, skip, back, restart,
    },
    leaving: {
      keep: () => persist(),
      shown: () => {
        refresh(); // back from another tab or a sleeping phone: where the routine really is
        if (mode === "playing" || mode === "stopped") screen.keepOn();
      },
      mustAsk: () => clock.isStarted(session.timeline) && !kept && !["ready", "saved"].includes(mode),
    },
    onOnline: saver.onOnline,
  };
}
