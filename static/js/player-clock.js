// The player's clock: where a routine is at a given moment. Pure functions, no DOM.
//
// A timeline never counts ticks. It remembers an *anchor*: the step that was playing when
// the user last changed something (start, skip, back, restart) and the moment that step
// began, both in performance.now() milliseconds. Where the routine is at time t follows by
// walking the step durations forward from the anchor. A phone that slept for five minutes
// therefore lands exactly where the routine really is when it wakes up, and a timer that
// fires late never makes the routine drift.
//
// Pausing remembers when the pause began; resuming moves the anchor later by the length of
// the pause, which shifts every deadline after it.
//
// Every function returns a new timeline and leaves the one it was given untouched, so the
// player can keep one variable and the tests can check the arithmetic in isolation.

const MS = 1000;

// Counting inside one step (repetitions, the breathing pacer) lives in player-pace.js.
export {
  BREATHING_4_6_8, breathingPatternFor, breathingPhase, holdPhase, repetition,
} from "./player-pace.js";

/** A timeline for these plan steps ({seconds}), not yet started. */
export function createTimeline(steps) {
  const durations = steps.map((step) => Math.max(0, Math.round(Number(step.seconds) * MS) || 0));
  return {
    durations,
    anchorIndex: 0, // the step playing at the anchor
    anchorAt: null, // when that step began (shifted later by pauses)
    startedAt: null, // the first start, for the session's own duration
    pausedAt: null, // when the current pause began; null while running
    pausedMs: 0, // all completed pauses together
    endedAt: null, // set by end(): the timeline is frozen from then on
    // Settled history, filled in whenever the anchor moves: how long was spent in each
    // step, and which steps ran to their end (rather than being skipped or left).
    spentMs: durations.map(() => 0),
    completed: durations.map(() => false),
  };
}

export function isStarted(timeline) {
  return timeline.startedAt !== null;
}

export function isPaused(timeline) {
  return timeline.pausedAt !== null;
}

/** The moment the timeline stands at: the pause or end freezes it. */
function frozenAt(timeline, now) {
  return timeline.endedAt ?? timeline.pausedAt ?? now;
}

function sum(values, from = 0, to = values.length) {
  let total = 0;
  for (let i = from; i < to; i += 1) total += values[i];
  return total;
}

export function totalMs(timeline) {
  return sum(timeline.durations);
}

export function start(timeline, now) {
  if (isStarted(timeline)) return timeline;
  return { ...timeline, anchorIndex: 0, anchorAt: now, startedAt: now };
}

export function pause(timeline, now) {
  if (!isStarted(timeline) || isPaused(timeline) || timeline.endedAt !== null) return timeline;
  return { ...timeline, pausedAt: now };
}

export function resume(timeline, now) {
  if (!isPaused(timeline) || timeline.endedAt !== null) return timeline;
  const pausedFor = Math.max(0, now - timeline.pausedAt);
  return {
    ...timeline,
    anchorAt: timeline.anchorAt + pausedFor,
    pausedMs: timeline.pausedMs + pausedFor,
    pausedAt: null,
  };
}

/**
 * Where the routine is at time `now`:
 * {index, stepElapsedMs, stepRemainingMs, routineElapsedMs, routineRemainingMs,
 *  finished, paused, started}. Once finished, index equals the number of steps.
 */
export function positionAt(timeline, now) {
  const { durations } = timeline;
  const total = sum(durations);
  if (!isStarted(timeline)) {
    return {
      index: 0, stepElapsedMs: 0, stepRemainingMs: durations[0] ?? 0, routineElapsedMs: 0,
      routineRemainingMs: total, finished: durations.length === 0, paused: false,
      started: false,
    };
  }
  let index = timeline.anchorIndex;
  let elapsed = Math.max(0, frozenAt(timeline, now) - timeline.anchorAt);
  while (index < durations.length && elapsed >= durations[index]) {
    elapsed -= durations[index];
    index += 1;
  }
  const finished = index >= durations.length;
  const stepElapsedMs = finished ? 0 : elapsed;
  const routineElapsedMs = finished ? total : sum(durations, 0, index) + stepElapsedMs;
  return {
    index,
    stepElapsedMs,
    stepRemainingMs: finished ? 0 : durations[index] - stepElapsedMs,
    routineElapsedMs,
    routineRemainingMs: total - routineElapsedMs,
    finished,
    paused: isPaused(timeline),
    started: true,
  };
}

/**
 * The time spent in each step and the steps that ran to their end, including the part
 * played since the anchor. Used for the session's per-exercise record.
 */
export function historyAt(timeline, now) {
  const spentMs = [...timeline.spentMs];
  const completed = [...timeline.completed];
  if (!isStarted(timeline)) return { spentMs, completed };
  const { index, stepElapsedMs } = positionAt(timeline, now);
  for (let i = timeline.anchorIndex; i < index; i += 1) {
    spentMs[i] += timeline.durations[i];
    completed[i] = true;
  }
  if (index < timeline.durations.length) spentMs[index] += stepElapsedMs;
  return { spentMs, completed };
}

/**
 * Move to the start of step `index` at time `now`, keeping what was played so far. A
 * paused timeline stays paused, at the very start of the new step. An index past the last
 * step finishes the routine.
 */
export function jumpTo(timeline, index, now) {
  if (!isStarted(timeline) || timeline.endedAt !== null) return timeline;
  const { spentMs, completed } = historyAt(timeline, now);
  const target = Math.min(Math.max(0, index), timeline.durations.length);
  return { ...timeline, spentMs, completed, anchorIndex: target, anchorAt: frozenAt(timeline, now) };
}

export function skip(timeline, now) {
  return jumpTo(timeline, positionAt(timeline, now).index + 1, now);
}

export function back(timeline, now) {
  return jumpTo(timeline, positionAt(timeline, now).index - 1, now);
}

export function restartStep(timeline, now) {
  return jumpTo(timeline, positionAt(timeline, now).index, now);
}

/** Stop the clock for good (the session ended). Later calls see the same moment. */
export function end(timeline, now) {
  if (!isStarted(timeline) || timeline.endedAt !== null) return timeline;
  // A routine that already finished ended when its last step did, not when we noticed.
  const at = Math.min(frozenAt(timeline, now), finishTime(timeline) ?? Infinity);
  const pausedMs = timeline.pausedMs + (isPaused(timeline) ? Math.max(0, at - timeline.pausedAt) : 0);
  return { ...timeline, endedAt: at, pausedMs, pausedAt: null };
}

/**
 * The moment the last step ends if nothing changes, or null while paused (a paused
 * routine has no deadline). After end(), the moment it ended.
 */
export function finishTime(timeline) {
  if (!isStarted(timeline)) return null;
  if (timeline.endedAt !== null) return timeline.endedAt;
  if (isPaused(timeline)) return null;
  return timeline.anchorAt + sum(timeline.durations, timeline.anchorIndex);
}

/** Time between the start and `now` (or the end), pauses excluded. */
export function activeMs(timeline, now) {
  if (!isStarted(timeline)) return 0;
  const until = timeline.endedAt ?? now;
  const currentPause = isPaused(timeline) ? Math.max(0, until - timeline.pausedAt) : 0;
  return Math.max(0, until - timeline.startedAt - timeline.pausedMs - currentPause);
}

/** Time between the start and `now` (or the end), pauses included. */
export function wallMs(timeline, now) {
  if (!isStarted(timeline)) return 0;
  return Math.max(0, (timeline.endedAt ?? now) - timeline.startedAt);
}

/**
 * What survives a reload: the step, how far into it, the settled history and the active
 * and wall times. Plain numbers only, so it can be stored as JSON.
 */
export function snapshot(timeline, now) {
  const position = positionAt(timeline, now);
  const { spentMs, completed } = historyAt(timeline, now);
  if (position.index < spentMs.length) spentMs[position.index] -= position.stepElapsedMs;
  return { index: position.index, stepElapsedMs: position.stepElapsedMs, spentMs, completed,
           activeMs: activeMs(timeline, now), wallMs: wallMs(timeline, now) };
}

/**
 * A paused timeline at `now` standing where `snap` was taken. `wallMs` is the wall time
 * since the first start as it is now (the time away counts as a pause).
 */
export function restore(steps, snap, now, wallMsNow = snap.wallMs) {
  const timeline = createTimeline(steps);
  const count = timeline.durations.length;
  const index = Math.min(Math.max(0, Math.trunc(snap.index) || 0), count);
  const stepElapsedMs = index < count
    ? Math.min(Math.max(0, snap.stepElapsedMs || 0), timeline.durations[index]) : 0;
  const copy = (list, fallback) => timeline.durations.map((_, i) => list?.[i] ?? fallback);
  const wall = Math.max(wallMsNow, snap.activeMs || 0);
  return {
    ...timeline,
    spentMs: copy(snap.spentMs, 0),
    completed: copy(snap.completed, false),
    anchorIndex: index,
    anchorAt: now - stepElapsedMs,
    startedAt: now - wall,
    pausedAt: now,
    pausedMs: wall - Math.max(0, snap.activeMs || 0),
  };
}

// ---- Display ---------------------------------------------------------------------------

/** Whole seconds to show for a remaining time: 4.2 s left shows as 5, as a countdown does. */
export function displaySeconds(remainingMs) {
  return Math.max(0, Math.ceil(remainingMs / MS - 1e-9));
}

/** "mm:ss" (or "h:mm:ss") for a number of whole seconds. */
export function formatClock(totalSeconds) {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return `${h ? `${h}:` : ""}${String(m).padStart(2, "0")}:${s}`;
}
