// The routine player: plays the timed plan embedded in the page (#player-plan) and saves
// the session when it ends.
//
// Where the routine is always comes from player-clock.js and performance.now(); the
// 250 ms interval only refreshes the screen, so a late timer or a sleeping phone never
// makes the routine drift. Without JavaScript the page shows the routine as a list with a
// form to log it by hand (#player-fallback); this script hides the list and keeps the form
// one click away.

import * as clock from "./player-clock.js";

const REFRESH_MS = 250;
const RETRY_DELAYS_MS = [0, 2000, 5000];
const PENDING_KEY = "backcare.pendingSessions";

const plan = JSON.parse(document.getElementById("player-plan").textContent);
const steps = plan.steps;
const items = plan.items;

const $ = (id) => document.getElementById(id);
const ui = {
  player: $("player"),
  main: $("player-main"),
  pending: $("player-pending"),
  warning: $("player-warning"),
  warningList: $("player-warning-list"),
  phase: $("player-phase"),
  name: $("player-name"),
  badge: $("player-badge"),
  badgeReason: $("player-badge-reason"),
  paused: $("player-paused"),
  countdown: $("player-countdown"),
  stepProgress: $("player-step-progress"),
  reps: $("player-reps"),
  breath: $("player-breath"),
  next: $("player-next"),
  routineTime: $("player-routine-time"),
  routineProgress: $("player-routine-progress"),
  toggle: $("player-toggle"),
  back: $("player-back"),
  restart: $("player-restart"),
  skip: $("player-skip"),
  end: $("player-end"),
  hurts: $("player-hurts"),
  stopPanel: $("player-stop-panel"),
  stopHeading: $("player-stop-heading"),
  stopText: $("player-stop-text"),
  stopNext: $("player-stop-next"),
  stopEnd: $("player-stop-end"),
  sound: $("player-sound"),
  voice: $("player-voice"),
  howName: $("player-how-name"),
  instructions: $("player-instructions"),
  breathingCue: $("player-breathing-cue"),
  finish: $("player-finish"),
  finishHeading: $("finish-heading"),
  finishSummary: $("finish-summary"),
  finishForm: $("finish-form"),
  finishSave: $("finish-save"),
  finishResume: $("finish-resume"),
  finishStatus: $("finish-status"),
  painAfter: $("finish-pain-after"),
  effort: $("finish-effort"),
  notes: $("finish-notes"),
  status: $("player-status"),
  alert: $("player-alert"),
};

// ---- State -----------------------------------------------------------------------------

let timeline = clock.createTimeline(steps);
let wallStartedAt = null; // Date.now() at Start, for the session's own times
let clientId = null;
let refreshTimer = null;
let shownIndex = -1; // the step the screen shows, to notice step changes
let shownFocusItem = -1;
let lastBeep = ""; // "step:second" of the last countdown beep, so each beeps once
let mode = "ready"; // ready | playing | stopped (this hurts) | finishing | saving
let savedBody = null; // the body of the first save attempt: retries send the same one
let awaitingNetwork = false; // the last save failed to reach BackCare: retried on "online"
let sendingPending = false; // sendPending() is running: one at a time
const stoppedItems = new Set();

// ---- Words -----------------------------------------------------------------------------

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

function secondsInWords(seconds) {
  if (seconds < 60 || seconds % 60) return plural(seconds, "second", "seconds");
  return plural(seconds / 60, "minute", "minutes");
}

/** "left side, set 2 of 3", "set 1 of 2", "right side" or "" */
function sideAndSet(step) {
  const parts = [];
  if (step.side) parts.push(`${step.side} side`);
  if (step.sets > 1 && step.set_number) parts.push(`set ${step.set_number} of ${step.sets}`);
  return parts.join(", ");
}

/** What a work step asks for: "hold 30 seconds", "10 repetitions", "keep going for 2 minutes". */
function amount(step) {
  if (step.mode === "reps") return plural(step.reps, "repetition", "repetitions");
  if (step.mode === "hold" && step.reps > 1) {
    return `${step.reps} holds of ${secondsInWords(step.hold_seconds)}`;
  }
  if (step.mode === "hold") return `hold ${secondsInWords(step.seconds)}`;
  return `keep going for ${secondsInWords(step.seconds)}`;
}

function workLabel(step) {
  const where = sideAndSet(step);
  if (where) return capitalise(where);
  return { hold: "Hold the position", reps: "Repetitions", timed: "Keep going" }[step.mode] ?? "Go";
}

function isRestBetweenExercises(index) {
  const step = steps[index];
  return step.kind === "rest" && steps[index + 1] !== undefined
    && steps[index + 1].item !== step.item;
}

function phaseLabel(index) {
  const step = steps[index];
  if (step.kind === "get-ready") return "Get ready";
  if (step.kind === "switch") return "Switch sides";
  if (step.kind === "rest") return "Rest";
  return workLabel(step);
}

/** The exercise the screen is about: during the rest between two, the one coming next. */
function focusItem(index) {
  if (index >= steps.length) return items.length - 1;
  return isRestBetweenExercises(index) ? steps[index + 1].item : steps[index].item;
}

/** "Next: …" during the steps that lead into something else; "" during work. */
function nextText(index) {
  const step = steps[index];
  if (step.kind === "work") return "";
  const following = steps.slice(index + 1).find((s) => s.kind === "work");
  if (!following) return "";
  const where = sideAndSet(following);
  const detail = [where, amount(following)].filter(Boolean).join(": ");
  if (following.item !== step.item || step.kind === "get-ready") {
    return `Next: ${following.name} — ${detail}`;
  }
  return `Next: ${detail}`;
}

/** What a screen reader hears when a step begins (not every second). */
function announcement(index) {
  const step = steps[index];
  const time = secondsInWords(step.seconds);
  if (step.kind === "get-ready") return `Get ready: ${step.name}. Starts in ${time}.`;
  if (step.kind === "switch") return `Switch sides. ${nextText(index)}.`;
  if (step.kind === "rest") return `Rest for ${time}. ${nextText(index)}.`;
  const where = sideAndSet(step);
  return where ? `${step.name}. ${capitalise(where)}: ${amount(step)}.`
    : `${step.name}: ${capitalise(amount(step))}.`;
}

/** What the voice says: a few words only. */
function spokenCue(index) {
  const step = steps[index];
  if (step.kind === "get-ready") return `Get ready. ${step.name}`;
  if (step.kind === "switch") return "Switch sides";
  if (step.kind === "rest") return "Rest";
  return step.side ? `${step.name}, ${step.side} side` : step.name;
}

const BREATH_WORDS = { in: "Breathe in…", hold: "Hold…", out: "Breathe out…" };

// ---- Sound, voice and the screen -------------------------------------------------------
// Each of these may be missing or refuse (headless browsers, old phones, power saving):
// they are extras, so every call is guarded and a refusal is silently ignored.

const cues = {
  sound: Boolean(plan.preferences?.sound),
  voice: Boolean(plan.preferences?.voice) && "speechSynthesis" in window,
  audio: null,
};

function ensureAudio() {
  // Browsers only let a page make sound after a tap, so this runs from click handlers.
  if (cues.audio || !cues.sound) return;
  const AudioContext = window.AudioContext || window.webkitAudioContext;
  if (!AudioContext) return;
  try {
    cues.audio = new AudioContext();
  } catch {
    cues.audio = null;
  }
}

function tone(frequency, seconds, volume = 0.2) {
  const audio = cues.audio;
  if (!cues.sound || !audio) return;
  try {
    if (audio.state === "suspended") audio.resume().catch(() => {});
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    const at = audio.currentTime;
    oscillator.frequency.value = frequency;
    // A quick fade in and out avoids clicks.
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(volume, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + seconds + 0.02);
  } catch {
    // No sound this time; the screen still shows everything.
  }
}

function say(text) {
  if (!cues.voice || !text) return;
  try {
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang || "en";
    window.speechSynthesis.speak(utterance);
  } catch {
    // Speech is optional.
  }
}

function hush() {
  try {
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  } catch {
    // Nothing to stop.
  }
}

let wakeLock = null;

async function keepScreenOn() {
  if (!("wakeLock" in navigator) || document.visibilityState !== "visible" || wakeLock) return;
  try {
    wakeLock = await navigator.wakeLock.request("screen");
    wakeLock.addEventListener("release", () => { wakeLock = null; });
  } catch {
    wakeLock = null; // Refused (battery saver, no permission): the player works anyway.
  }
}

function letScreenSleep() {
  const lock = wakeLock;
  wakeLock = null;
  if (lock) lock.release().catch(() => {});
}

function setPressed(button, on) {
  button.setAttribute("aria-pressed", on ? "true" : "false");
}

// ---- Announcements ---------------------------------------------------------------------

function announce(text) {
  ui.status.textContent = text;
}

function alertNow(text) {
  ui.alert.textContent = text;
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function show(element, visible) {
  element.hidden = !visible;
}

// ---- Drawing ---------------------------------------------------------------------------

function drawExercise(itemIndex) {
  const item = items[itemIndex];
  if (!item) return;
  setText(ui.howName, item.name);
  ui.instructions.replaceChildren(...(item.instructions || []).map((text) => {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }));
  setText(ui.breathingCue, item.breathing || "");
  show(ui.breathingCue, Boolean(item.breathing));
  show(ui.badge, Boolean(item.notForYou));
  setText(ui.badgeReason, item.notForYou && item.reason ? `Because of: ${item.reason}` : "");
}

function drawCounters(step, position) {
  const elapsed = position.stepElapsedMs / 1000;
  const working = position.started && step.kind === "work";
  let reps = "";
  if (working && step.mode === "reps") {
    reps = `Repetition ${clock.repetition(elapsed, step.seconds_per_rep, step.reps)} of ${step.reps}`;
  } else if (working && step.mode === "hold" && step.reps > 1) {
    reps = `Hold ${clock.repetition(elapsed, step.hold_seconds, step.reps)} of ${step.reps}`;
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

function draw(position) {
  const index = Math.min(position.index, steps.length - 1);
  const step = steps[index];
  const focus = focusItem(index);
  if (focus !== shownFocusItem) {
    shownFocusItem = focus;
    drawExercise(focus);
  }
  setText(ui.phase, phaseLabel(index));
  // During the rest between two exercises the screen already turns to the next one.
  setText(ui.name, items[focus]?.name ?? step.name);
  setText(ui.countdown, clock.formatClock(clock.displaySeconds(position.stepRemainingMs)));
  const stepMs = timeline.durations[index] || 1;
  ui.stepProgress.value = Math.round((1000 * position.stepElapsedMs) / stepMs);
  const total = clock.totalMs(timeline) || 1;
  ui.routineProgress.value = Math.round((1000 * position.routineElapsedMs) / total);
  setText(ui.routineTime, `${clock.formatClock(Math.floor(position.routineElapsedMs / 1000))} done · `
    + `${clock.formatClock(clock.displaySeconds(position.routineRemainingMs))} left`);
  const next = nextText(index);
  setText(ui.next, next);
  show(ui.next, Boolean(next));
  drawCounters(step, position);
  show(ui.paused, position.paused);
  drawControls(position);
}

function drawControls(position) {
  const playing = mode === "playing";
  setText(ui.toggle, !position.started ? "Start" : position.paused ? "Resume" : "Pause");
  ui.toggle.disabled = !(mode === "ready" || playing);
  ui.back.disabled = !playing || position.index === 0;
  ui.restart.disabled = !playing;
  ui.skip.disabled = !playing;
  ui.end.disabled = !playing;
  ui.hurts.disabled = !playing;
}

// ---- The loop --------------------------------------------------------------------------

function stepChanged(index) {
  announce(announcement(index));
  tone(880, 0.25);
  say(spokenCue(index));
}

function countdownBeeps(position) {
  if (position.paused) return;
  const left = clock.displaySeconds(position.stepRemainingMs);
  const key = `${position.index}:${left}`;
  if (left >= 1 && left <= 3 && key !== lastBeep && timeline.durations[position.index] > 3000) {
    lastBeep = key;
    tone(660, 0.08, 0.15);
  }
}

/** Bring the screen up to date with where the routine is now. */
function refresh() {
  // The finish panel is up: there is no step to show (a tab switch there must not redraw).
  if (mode === "finishing" || mode === "saving") return;
  const now = performance.now();
  const position = clock.positionAt(timeline, now);
  if (position.started && position.finished && mode === "playing") {
    finishRoutine(now, { early: false });
    return;
  }
  if (position.index !== shownIndex) {
    const first = shownIndex === -1;
    shownIndex = position.index;
    if (position.started && !first) stepChanged(position.index);
  }
  draw(position);
  if (mode === "playing") countdownBeeps(position);
}

function startRefreshing() {
  if (refreshTimer === null) refreshTimer = setInterval(refresh, REFRESH_MS);
}

function stopRefreshing() {
  if (refreshTimer !== null) clearInterval(refreshTimer);
  refreshTimer = null;
}

// ---- Controls --------------------------------------------------------------------------

function newClientId() {
  if (window.crypto?.randomUUID) return window.crypto.randomUUID();
  // Older browsers on plain HTTP: a version 4 UUID from random bytes.
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function startRoutine() {
  ensureAudio();
  const now = performance.now();
  timeline = clock.start(timeline, now);
  wallStartedAt = Date.now();
  clientId = newClientId();
  mode = "playing";
  show(ui.warning, false);
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
  const now = performance.now();
  if (clock.isPaused(timeline)) {
    ensureAudio();
    timeline = clock.resume(timeline, now);
    announce("Resumed.");
  } else {
    timeline = clock.pause(timeline, now);
    hush();
    announce("Paused.");
  }
  refresh();
}

function move(change) {
  if (mode !== "playing") return;
  timeline = change(timeline, performance.now());
  lastBeep = "";
  refresh();
}

function currentIndex(now = performance.now()) {
  return Math.min(clock.positionAt(timeline, now).index, steps.length - 1);
}

/** "Stop — this hurts": the exercise ends here, marked as stopped; the user chooses what next. */
function stopForPain() {
  if (mode !== "playing") return;
  const now = performance.now();
  const itemIndex = steps[currentIndex(now)].item;
  stoppedItems.add(itemIndex);
  timeline = clock.pause(timeline, now);
  mode = "stopped";
  hush();
  const name = items[itemIndex].name;
  const hasNext = steps.some((step) => step.item > itemIndex);
  setText(ui.stopText, `${name} is marked as stopped for pain. Rest in a comfortable position.`
    + (hasNext ? " Then skip to the next exercise or end the session." : " Then end the session."));
  show(ui.stopNext, hasNext);
  show(ui.stopPanel, true);
  alertNow(`Stopped. ${name} is marked as stopped because it hurts.`);
  refresh();
  ui.stopHeading.focus();
}

function skipToNextExercise() {
  if (mode !== "stopped") return;
  const now = performance.now();
  const itemIndex = steps[currentIndex(now)].item;
  const next = steps.findIndex((step) => step.item > itemIndex);
  show(ui.stopPanel, false);
  mode = "playing";
  timeline = clock.resume(clock.jumpTo(timeline, next === -1 ? steps.length : next, now), now);
  refresh();
  ui.toggle.focus();
}

function endSession() {
  if (mode !== "playing" && mode !== "stopped") return;
  const now = performance.now();
  timeline = clock.pause(timeline, now);
  show(ui.stopPanel, false);
  finishRoutine(now, { early: true });
}

/** Back from "End session" to the routine, if it was pressed by mistake. */
function backToRoutine() {
  if (mode !== "finishing" || !ui.finishResume.dataset.canResume) return;
  mode = "playing";
  show(ui.finish, false);
  show(ui.main, true);
  show($("player-fallback"), true);
  timeline = clock.resume(timeline, performance.now());
  startRefreshing();
  keepScreenOn();
  refresh();
  ui.toggle.focus();
}

// ---- The end ---------------------------------------------------------------------------

/** One record per exercise: done when its last work step ran to its end, stopped when
 * "this hurts" was used, skipped otherwise; seconds actually spent in its work steps. */
function itemRecords(history) {
  return items.map((item, itemIndex) => {
    let spent = 0;
    let last = -1;
    steps.forEach((step, index) => {
      if (step.item !== itemIndex || step.kind !== "work") return;
      spent += history.spentMs[index];
      last = index;
    });
    let status = last !== -1 && history.completed[last] ? "done" : "skipped";
    if (stoppedItems.has(itemIndex)) status = "stopped";
    return { exercise: item.slug, status, seconds: Math.round(spent / 1000) };
  });
}

function summary(records, seconds) {
  const count = (status) => records.filter((record) => record.status === status).length;
  const parts = [`${plural(count("done"), "exercise", "exercises")} done`];
  if (count("skipped")) parts.push(`${count("skipped")} skipped`);
  if (count("stopped")) parts.push(`${count("stopped")} stopped because it hurt`);
  return `You practised for ${clock.formatClock(seconds)}: ${parts.join(", ")}.`;
}

function finishRoutine(now, { early }) {
  mode = "finishing";
  stopRefreshing();
  hush();
  const frozen = early ? timeline : clock.end(timeline, now);
  const records = itemRecords(clock.historyAt(frozen, now));
  const seconds = Math.round(clock.activeMs(frozen, now) / 1000);
  setText(ui.finishHeading, early ? "Session ended" : "Well done — routine finished");
  setText(ui.finishSummary, summary(records, seconds));
  // An early end can be undone; a finished routine cannot be resumed.
  ui.finishResume.dataset.canResume = early ? "yes" : "";
  show(ui.finishResume, early);
  letScreenSleep();
  if (!early) {
    timeline = frozen;
    tone(523, 0.2);
    setTimeout(() => tone(784, 0.35), 220);
    say("Routine finished. Well done.");
  }
  show(ui.main, false);
  show(ui.finish, true);
  // The finish form replaces "log it by hand": one way to record this session.
  show($("player-fallback"), false);
  announce(early ? "Session ended. Note how your back feels, then save." : "Routine finished. Well done.");
  ui.finishHeading.focus();
}

function scoreOf(select) {
  return select.value === "" ? null : Number.parseInt(select.value, 10);
}

function sessionBody() {
  const now = performance.now();
  timeline = clock.end(timeline, now);
  const startedAt = new Date(wallStartedAt);
  return {
    client_id: clientId,
    started_at: startedAt.toISOString(),
    finished_at: new Date(wallStartedAt + clock.wallMs(timeline, now)).toISOString(),
    planned_seconds: plan.plannedSeconds,
    actual_seconds: Math.round(clock.activeMs(timeline, now) / 1000),
    pain_before: plan.painBefore ?? null,
    pain_after: scoreOf(ui.painAfter),
    effort: scoreOf(ui.effort),
    notes: ui.notes.value.trim(),
    check_in: plan.checkIn || {},
    items: itemRecords(clock.historyAt(timeline, now)),
  };
}

// Sessions that could not be sent are kept on this device and sent from this page later.
function readPending() {
  try {
    const list = JSON.parse(window.localStorage.getItem(PENDING_KEY) || "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function writePending(list) {
  try {
    if (list.length) window.localStorage.setItem(PENDING_KEY, JSON.stringify(list));
    else window.localStorage.removeItem(PENDING_KEY);
    return true;
  } catch {
    return false; // Storage full or disabled.
  }
}

function keepPending(saveUrl, body) {
  const list = readPending().filter((entry) => entry.body?.client_id !== body.client_id);
  list.push({ saveUrl, body });
  return writePending(list);
}

function forgetPending(body) {
  writePending(readPending().filter((entry) => entry.body?.client_id !== body.client_id));
}

function csrfToken() {
  return document.querySelector('input[name="csrfmiddlewaretoken"]')?.value ?? "";
}

function wait(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms); });
}

/** POST one session; {ok, url} or {ok: false, retry, message}. Never throws. */
async function post(saveUrl, body) {
  let response;
  try {
    response = await fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, retry: true, message: "" };
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = {};
  }
  if (response.ok && data.url) return { ok: true, url: data.url };
  if (response.status === 400) {
    const errors = Object.values(data.errors || {}).flat()
      .map((error) => (typeof error === "string" ? error : error.message)).filter(Boolean);
    return { ok: false, retry: false, drop: true,
             message: `The session was not accepted: ${errors.join(" ") || "unknown error"}` };
  }
  if (response.status === 403) {
    return { ok: false, retry: false,
             message: "You seem to be logged out. Log in again in another tab, then press Save again." };
  }
  return { ok: false, retry: response.status >= 500, message: "" };
}

function isOffline() {
  return navigator.onLine === false;
}

async function saveSession(event) {
  event?.preventDefault();
  if (mode !== "finishing") return;
  mode = "saving";
  awaitingNetwork = false;
  ui.finishSave.disabled = true;
  show(ui.finishResume, false);
  ui.finishResume.dataset.canResume = "";
  savedBody = savedBody ?? sessionBody();
  // Fill in what the user may have changed since a failed attempt; the client_id stays.
  Object.assign(savedBody, { pain_after: scoreOf(ui.painAfter), effort: scoreOf(ui.effort),
                             notes: ui.notes.value.trim() });
  const kept = keepPending(plan.saveUrl, savedBody);
  setText(ui.finishStatus, "Saving…");
  let result = { ok: false, message: "" };
  for (const delay of RETRY_DELAYS_MS) {
    // Offline, waiting is pointless: the "online" event sends it when the network returns.
    if (delay && isOffline()) break;
    if (delay) await wait(delay);
    result = await post(plan.saveUrl, savedBody);
    if (result.ok || !result.retry) break;
  }
  if (result.ok) {
    forgetPending(savedBody);
    setText(ui.finishStatus, "Saved.");
    window.location.assign(result.url);
    return;
  }
  if (result.drop) forgetPending(savedBody);
  mode = "finishing";
  ui.finishSave.disabled = false;
  // Not reached (no network, or the server is down): try again when the network returns.
  awaitingNetwork = Boolean(result.retry);
  let fallback;
  if (awaitingNetwork && isOffline()) {
    fallback = kept
      ? "Waiting to save: you are offline. Your session is kept on this device and will be "
        + "saved as soon as the network returns."
      : "Waiting to save: you are offline. Keep this page open: your session will be saved as "
        + "soon as the network returns.";
  } else {
    fallback = kept
      ? "We could not reach BackCare. Your session is kept on this device: press Save to try "
        + "again, or it will be sent the next time you open this routine's player."
      : "We could not reach BackCare. Press Save to try again; do not close this page yet.";
  }
  setText(ui.finishStatus, result.message || fallback);
}

/** Send sessions kept on this device from an earlier visit to this routine's player (not the
 * one this page is saving itself). */
async function sendPending() {
  if (sendingPending) return;
  sendingPending = true;
  try {
    const waiting = readPending().filter((entry) => entry.saveUrl === plan.saveUrl
      && entry.body?.client_id !== savedBody?.client_id);
    for (const entry of waiting) {
      const result = await post(entry.saveUrl, entry.body);
      if (result.ok || result.drop) forgetPending(entry.body);
      if (!result.ok) continue;
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = "See it in your history";
      ui.pending.replaceChildren(
        "A session you finished earlier on this device has now been saved. ", link, ".");
      show(ui.pending, true);
    }
  } finally {
    sendingPending = false;
  }
}

/** The network is back: send what could not be sent while it was away. */
function onOnline() {
  if (mode === "finishing" && awaitingNetwork) saveSession();
  sendPending();
}

// ---- Keyboard --------------------------------------------------------------------------

function isFormField(element) {
  return Boolean(element?.closest?.("input, select, textarea, [contenteditable]"))
    || Boolean(element?.isContentEditable);
}

function onKey(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (isFormField(event.target) || ui.player.hidden) return;
  if (event.key === " " || event.key === "Spacebar") {
    // A focused button, link or summary already reacts to Space itself.
    if (event.target.closest?.("button, a[href], summary")) return;
    if (mode !== "ready" && mode !== "playing") return;
    event.preventDefault();
    togglePause();
  } else if (event.key === "ArrowRight" && mode === "playing") {
    event.preventDefault();
    move(clock.skip);
  } else if (event.key === "ArrowLeft" && mode === "playing") {
    event.preventDefault();
    move(clock.back);
  } else if ((event.key === "r" || event.key === "R") && mode === "playing") {
    event.preventDefault();
    move(clock.restartStep);
  }
}

// ---- Setting up ------------------------------------------------------------------------

function showWarning() {
  const risky = items.filter((item) => item.notForYou);
  if (!risky.length) return;
  ui.warningList.replaceChildren(...risky.map((item) => {
    const li = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = item.name;
    li.append(name, item.reason ? ` — because of: ${item.reason}` : "");
    return li;
  }));
  show(ui.warning, true);
}

function hideFallbackList() {
  show($("fallback-list"), false);
  $("log-by-hand")?.removeAttribute("open");
}

function setUp() {
  ui.player.hidden = false;
  hideFallbackList();
  showWarning();
  setPressed(ui.sound, cues.sound);
  setPressed(ui.voice, cues.voice);
  show(ui.voice, "speechSynthesis" in window);

  ui.toggle.addEventListener("click", togglePause);
  ui.back.addEventListener("click", () => move(clock.back));
  ui.restart.addEventListener("click", () => move(clock.restartStep));
  ui.skip.addEventListener("click", () => move(clock.skip));
  ui.end.addEventListener("click", endSession);
  ui.hurts.addEventListener("click", stopForPain);
  ui.stopNext.addEventListener("click", skipToNextExercise);
  ui.stopEnd.addEventListener("click", endSession);
  ui.finishResume.addEventListener("click", backToRoutine);
  ui.finishForm.addEventListener("submit", saveSession);
  ui.sound.addEventListener("click", () => {
    cues.sound = !cues.sound;
    setPressed(ui.sound, cues.sound);
    ensureAudio();
  });
  ui.voice.addEventListener("click", () => {
    cues.voice = !cues.voice;
    setPressed(ui.voice, cues.voice);
    if (!cues.voice) hush();
  });
  document.addEventListener("keydown", onKey);
  window.addEventListener("online", onOnline);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    // Back from another tab or a sleeping phone: jump to where the routine really is.
    refresh();
    if (mode === "playing" || mode === "stopped") keepScreenOn();
  });

  refresh();
  sendPending();
}

setUp();
