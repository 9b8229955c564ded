// Counting inside one step: which repetition is being done and where the breathing pacer
// is, from the seconds elapsed in the step. Pure functions, no DOM.

/**
 * The repetition being done `elapsedSeconds` into a reps step: floor(elapsed / pace) + 1,
 * never more than `reps`.
 */
export function repetition(elapsedSeconds, secondsPerRep, reps) {
  if (!(secondsPerRep > 0) || !(reps > 0)) return 1;
  const current = Math.floor(Math.max(0, elapsedSeconds) / secondsPerRep) + 1;
  return Math.min(current, reps);
}

/**
 * Where a step of held repetitions is `elapsedSeconds` in: each hold of `hold` seconds is
 * followed by a release of `release` seconds before the next (none after the last).
 * {hold: which hold (1-based, never more than `reps`), releasing: between two holds}.
 */
export function holdPhase(elapsedSeconds, hold, release, reps) {
  if (!(hold > 0) || !(reps > 0)) return { hold: 1, releasing: false };
  const cycle = hold + Math.max(0, release || 0);
  const elapsed = Math.max(0, elapsedSeconds);
  const index = Math.min(Math.floor(elapsed / cycle), reps - 1);
  return { hold: index + 1, releasing: index < reps - 1 && elapsed - index * cycle >= hold };
}

// The seeds' slow breathing: in for 4, hold for 6, out for 8.
export const BREATHING_4_6_8 = Object.freeze({ inhale: 4, hold: 6, exhale: 8 });

/**
 * The breathing phase `elapsedSeconds` into a breathing exercise:
 * {phase: "in" | "hold" | "out", secondsLeft (whole seconds, counting down), cycle (1-based)}.
 * A pattern with no hold simply alternates in and out.
 */
export function breathingPhase(elapsedSeconds, pattern = BREATHING_4_6_8) {
  const inhale = Math.max(0, pattern.inhale || 0);
  const hold = Math.max(0, pattern.hold || 0);
  const exhale = Math.max(0, pattern.exhale || 0);
  const cycleLength = inhale + hold + exhale;
  if (cycleLength <= 0) return { phase: "in", secondsLeft: 0, cycle: 1 };
  const elapsed = Math.max(0, elapsedSeconds);
  const cycle = Math.floor(elapsed / cycleLength) + 1;
  const within = elapsed - (cycle - 1) * cycleLength;
  let phase = "out";
  let left = cycleLength - within;
  if (within < inhale) {
    phase = "in";
    left = inhale - within;
  } else if (within < inhale + hold) {
    phase = "hold";
    left = inhale + hold - within;
  }
  return { phase, secondsLeft: Math.ceil(left - 1e-9), cycle };
}

/**
 * The breathing pattern for a step. A 4-6-8 rep (18 s) or a step without a rep pace uses
 * 4-6-8; a shorter rep pace (an arm raise on the in-breath) breathes in for the first half
 * of each repetition and out for the second, so the pacer and the rep counter agree.
 */
export function breathingPatternFor(step) {
  const pace = step.mode === "reps" ? step.seconds_per_rep : 0;
  const cycle = BREATHING_4_6_8.inhale + BREATHING_4_6_8.hold + BREATHING_4_6_8.exhale;
  if (!pace || pace === cycle) return BREATHING_4_6_8;
  const inhale = Math.floor(pace / 2);
  return { inhale, hold: 0, exhale: pace - inhale };
}
