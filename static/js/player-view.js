// The player's screen: finds the elements of routines/player.html and draws a position of
// the clock on them. It decides nothing; the controller (player.js) tells it what to show.
//
// Hook for other scripts (an exercise figure, for example): every refresh dispatches
// "player:position" on #player, and every step change "player:step", both with
// `detail = {index, step, item, stepElapsedMs, stepMs, routineElapsedMs, paused, started}`.
// Listen with document.getElementById("player").addEventListener("player:position", …).

import * as clock from "./player-clock.js";
import { focusItem } from "./player-steps.js";
import { gettext, interpolate } from "./i18n.js";
import { BREATH_WORDS, conflictWords, nextText, phaseLabel } from "./player-words.js";

const $ = (id) => document.getElementById(id);

const IDS = {
  player: "player", main: "player-main", pending: "player-pending", warning: "player-warning",
  resume: "player-resume", resumeHeading: "player-resume-heading",
  resumeText: "player-resume-text", resumeYes: "player-resume-yes", resumeNo: "player-resume-no",
  phase: "player-phase", name: "player-name", badge: "player-badge",
  badgeReason: "player-badge-reason", care: "player-care", careReason: "player-care-reason",
  careWatch: "player-care-watch", paused: "player-paused", countdown: "player-countdown",
  stepProgress: "player-step-progress", reps: "player-reps", breath: "player-breath",
  next: "player-next", routineTime: "player-routine-time",
  routineProgress: "player-routine-progress", toggle: "player-toggle", back: "player-back",
  restart: "player-restart", skip: "player-skip", end: "player-end", hurts: "player-hurts",
  stopPanel: "player-stop-panel", stopHeading: "player-stop-heading", stopText: "player-stop-text",
  stopNext: "player-stop-next", stopEnd: "player-stop-end", sound: "player-sound",
  voice: "player-voice", howName: "player-how-name", instructions: "player-instructions",
  breathingCue: "player-breathing-cue", finish: "player-finish", finishHeading: "finish-heading",
  finishSummary: "finish-summary", finishForm: "finish-form", finishSave: "finish-save",
  finishResume: "finish-resume", finishStatus: "finish-status", painAfter: "finish-pain-after",
  effort: "finish-effort", notes: "finish-notes", status: "player-status", alert: "player-alert",
  fallback: "player-fallback", fallbackList: "fallback-list", logByHand: "log-by-hand",
};

export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

export function show(element, visible) {
  if (element) element.hidden = !visible;
}

export function setPressed(button, on) {
  button.setAttribute("aria-pressed", on ? "true" : "false");
}

function listItems(texts) {
  return texts.map((text) => {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  });
}

export function createView(plan) {
  const { steps, items } = plan;
  const ui = Object.fromEntries(Object.entries(IDS).map(([key, id]) => [key, $(id)]));
  let shownFocusItem = -1;

  function drawExercise(itemIndex) {
    const item = items[itemIndex];
    if (!item) return;
    setText(ui.howName, item.name);
    ui.instructions.replaceChildren(...listItems(item.instructions || []));
    setText(ui.breathingCue, item.breathing || "");
    show(ui.breathingCue, Boolean(item.breathing));
    show(ui.badge, Boolean(item.notForYou));
    setText(ui.badgeReason, item.notForYou && item.reason ? interpolate(gettext("Because of: %(reason)s"), { reason: item.reason }) : "");
    // A "take care" exercise shows why, and what to watch for while doing it.
    const care = Boolean(item.takeCare) && !item.notForYou;
    show(ui.care, care);
    if (ui.care) {
      setText(ui.careReason, care && item.reason ? interpolate(gettext("Because of: %(reason)s"), { reason: item.reason }) : "");
      ui.careWatch.replaceChildren(...listItems(care ? item.watch || [] : []));
    }
  }

  function drawCounters(step, position) {
    const elapsed = position.stepElapsedMs / 1000;
    const working = position.started && step.kind === "work";
    let reps = "";
    if (working && step.mode === "reps") {
      reps = interpolate(gettext("Repetition %(number)s of %(reps)s"),
        { number: clock.repetition(elapsed, step.seconds_per_rep, step.reps), reps: step.reps });
    } else if (working && step.mode === "hold" && step.reps > 1) {
      const phase = clock.holdPhase(elapsed, step.hold_seconds, step.release_seconds, step.reps);
      reps = phase.releasing
        ? interpolate(gettext("Relax: hold %(hold)s of %(reps)s done"), { hold: phase.hold, reps: step.reps })
        : interpolate(gettext("Hold %(hold)s of %(reps)s"), { hold: phase.hold, reps: step.reps });
    }
    setText(ui.reps, reps);
    show(ui.reps, Boolean(reps));
    let breath = "";
    if (working && items[step.item]?.category === "breathing") {
      const phase = clock.breathingPhase(elapsed, clock.breathingPatternFor(step));
      breath = `${BREATH_WORDS[phase.phase]} ${phase.secondsLeft}`;
    }
    setText(ui.breath, breath);
    show(ui.breath, Boolean(breath));
  }

  function drawControls(position, mode) {
    const playing = mode === "playing";
    setText(ui.toggle, !position.started ? gettext("Start") : position.paused ? gettext("Resume") : gettext("Pause"));
    ui.toggle.disabled = !(mode === "ready" || playing);
    ui.back.disabled = !playing || position.index === 0;
    ui.restart.disabled = !playing;
    ui.skip.disabled = !playing;
    ui.end.disabled = !playing;
    ui.hurts.disabled = !playing;
  }

  /** What the hook listeners receive. */
  function detailOf(position, timeline) {
    const index = Math.min(position.index, steps.length - 1);
    return {
      index, step: steps[index], item: steps[index]?.item ?? null,
      stepElapsedMs: position.stepElapsedMs, stepMs: timeline.durations[index] ?? 0,
      routineElapsedMs: position.routineElapsedMs, paused: position.paused,
      started: position.started,
    };
  }

  function emit(name, position, timeline) {
    ui.player.dispatchEvent(new CustomEvent(name, { detail: detailOf(position, timeline) }));
  }

  /** Draw `position` of `timeline` while the player is in `mode`. */
  function draw(position, timeline, mode) {
    const index = Math.min(position.index, steps.length - 1);
    const step = steps[index];
    const focus = focusItem(steps, index);
    if (focus !== shownFocusItem) {
      shownFocusItem = focus;
      drawExercise(focus);
    }
    setText(ui.phase, phaseLabel(steps, index));
    // During the rest between two exercises the screen already turns to the next one.
    setText(ui.name, items[focus]?.name ?? step.name);
    setText(ui.countdown, clock.formatClock(clock.displaySeconds(position.stepRemainingMs)));
    ui.stepProgress.value = Math.round((1000 * position.stepElapsedMs) / (timeline.durations[index] || 1));
    const total = clock.totalMs(timeline) || 1;
    ui.routineProgress.value = Math.round((1000 * position.routineElapsedMs) / total);
    setText(ui.routineTime, interpolate(gettext("%(done)s done · %(left)s left"), {
      done: clock.formatClock(Math.floor(position.routineElapsedMs / 1000)),
      left: clock.formatClock(clock.displaySeconds(position.routineRemainingMs)),
    }));
    const next = nextText(steps, index);
    setText(ui.next, next);
    show(ui.next, Boolean(next));
    drawCounters(step, position);
    show(ui.paused, position.paused);
    drawControls(position, mode);
    emit("player:position", position, timeline);
  }

  /** The exercises not for the person, listed by the page (in its language), before the start. */
  function showWarning() {
    if (items.some((item) => item.notForYou)) show(ui.warning, true);
  }

  /** The finish panel replaces the routine (and "log it by hand": one way to record it). */
  function showFinish(visible, { early = false, summary = "" } = {}) {
    show(ui.main, !visible);
    show(ui.finish, visible);
    show(ui.fallback, !visible);
    if (!visible) return;
    setText(ui.finishHeading, early ? gettext("Session ended") : gettext("Well done — routine finished"));
    setText(ui.finishSummary, summary);
    show(ui.finishResume, early); // an early end can be undone, a finished routine cannot
    ui.status.textContent = early ? gettext("Session ended. Note how your back feels, then save.")
      : gettext("Routine finished. Well done.");
  }

  /** "Stop — this hurts": `name` is the exercise marked as stopped (null: none had begun). */
  function showStop(name, hasNext) {
    const then = hasNext ? gettext("Then go on with the next exercise or end the session.")
      : gettext("Then end the session.");
    setText(ui.stopText, name === null
      ? `${gettext("No exercise had started yet, so none is marked. Rest in a comfortable position.")} ${then}`
      : `${interpolate(gettext("%(name)s is marked as stopped for pain. Rest in a comfortable position."), { name })} ${then}`);
    setText(ui.stopNext, name === null ? gettext("Go on with the routine") : gettext("Skip to the next exercise"));
    show(ui.stopNext, hasNext);
    show(ui.stopPanel, true);
    ui.alert.textContent = name === null ? gettext("Stopped.")
      : interpolate(gettext("Stopped. %(name)s is marked as stopped because it hurts."), { name });
  }

  /** Each handler runs on a click of the button with that name in `ui`. */
  function bind(handlers) {
    for (const [key, handler] of Object.entries(handlers)) ui[key].addEventListener("click", handler);
  }

  function link(url, text) {
    const a = document.createElement("a");
    a.href = url;
    a.textContent = text;
    return a;
  }

  /** Words around a link to the saved session, when BackCare kept it without `changes`. */
  function conflictParts(url, changes, options) {
    const words = conflictWords(changes, options);
    const a = link(url, words.link);
    return { parts: [words.before, a, words.after], link: a };
  }

  /**
   * A session kept on this device from an earlier visit was sent: saved, or (`changes` not
   * null) already saved without the changes made to it afterwards.
   */
  function showPending(url, changes = null) {
    // Shown first, then filled: the live region announces what appears in it.
    show(ui.pending, true);
    if (changes === null) {
      ui.pending.replaceChildren(
        `${gettext("A session you finished earlier on this device has now been saved.")} `,
        link(url, gettext("See it in your history")), ".");
      return;
    }
    ui.pending.replaceChildren(...conflictParts(url, changes, { earlier: true }).parts);
  }

  /**
   * The session on the screen was already saved as first sent: say so in the save status (a
   * live region) with a link to it, and lock the form, whose changes would not be applied.
   * The notes stay readable and can be copied.
   */
  function showConflict(url, changes) {
    const { parts, link: saved } = conflictParts(url, changes, {});
    // From Save (now disabled) or nowhere, focus goes on to the link; a background attempt
    // never pulls it out of a field the person is in.
    const from = document.activeElement;
    const moveFocus = !from || from === document.body || from === ui.finishSave;
    ui.finishSave.disabled = true;
    ui.painAfter.disabled = true;
    ui.effort.disabled = true;
    ui.notes.readOnly = true;
    ui.finishStatus.replaceChildren(...parts);
    if (moveFocus) saved.focus();
  }

  /** Show the player instead of the list; `cues` says which cues are on. */
  function setUp(cues) {
    ui.player.hidden = false;
    show(ui.fallbackList, false);
    ui.fallback.classList.add("player-ready"); // shown below the player, not before it
    ui.logByHand?.removeAttribute("open");
    showWarning();
    setPressed(ui.sound, cues.sound);
    setPressed(ui.voice, cues.voice);
    show(ui.voice, "speechSynthesis" in window);
  }

  return {
    ui, draw, emit, showWarning, showFinish, showStop, showPending, showConflict, setUp, bind,
    focusStop: () => ui.stopHeading.focus(),
    focusFinish: () => ui.finishHeading.focus(),
    announce: (text) => { ui.status.textContent = text; },
    alertNow: (text) => { ui.alert.textContent = text; },
  };
}
