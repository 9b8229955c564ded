// Plan stepping: what the steps of a timed plan mean for the player. Pure functions over the
// plan's steps (routines.timeline.timed_plan: get-ready, work, switch and rest steps, each with
// the index of its exercise in `item`; a rest belongs to the exercise just finished).

/** True for the rest between two exercises (not the rest between two sets). */
export function isRestBetweenExercises(steps, index) {
  const step = steps[index];
  return Boolean(step) && step.kind === "rest" && steps[index + 1] !== undefined
    && steps[index + 1].item !== step.item;
}

/** The exercise the screen is about: during the rest between two, the one coming next. */
export function focusItem(steps, index) {
  if (index >= steps.length) return steps.length ? steps[steps.length - 1].item : 0;
  return isRestBetweenExercises(steps, index) ? steps[index + 1].item : steps[index].item;
}

/** The first work step at or after `index`, or -1. */
export function nextWorkStep(steps, index) {
  for (let i = Math.max(0, index); i < steps.length; i += 1) {
    if (steps[i].kind === "work") return i;
  }
  return -1;
}

/**
 * Where Skip goes from step `index`: the next step, except from the rest between two
 * exercises, which goes straight to the next exercise's first work step (its get-ready
 * countdown is only a lead-in, and skipping a rest means "I am ready").
 */
export function skipTarget(steps, index) {
  if (isRestBetweenExercises(steps, index)) {
    const work = nextWorkStep(steps, index + 1);
    if (work !== -1) return work;
  }
  return index + 1;
}

/**
 * Where Back goes from step `index`: the work step before it (the previous exercise, set or
 * side), passing over the get-ready countdowns, switches and rests, which only lead in to
 * work. Going back one step from an exercise landed on its own get-ready, the same name on
 * the screen: Back seemed to do nothing the first time. From the first exercise, step 0.
 */
export function backTarget(steps, index) {
  for (let i = Math.min(index, steps.length) - 1; i >= 0; i -= 1) {
    if (steps[i].kind === "work") return i;
  }
  return 0;
}

/** The first step of the first exercise after exercise `item` (steps.length if none). */
export function nextExerciseStart(steps, item) {
  const found = steps.findIndex((step) => step.item > item);
  return found === -1 ? steps.length : found;
}

/**
 * The exercise "Stop — this hurts" marks at step `index`: the one being done, or, during
 * a get-ready countdown (nothing of the coming exercise has been done yet), the last one
 * actually played before it (a work step with time in `spentMs`); null when none was.
 */
export function painItem(steps, index, spentMs = []) {
  const step = steps[Math.min(index, steps.length - 1)];
  if (!step) return null;
  if (step.kind !== "get-ready") return step.item;
  for (let i = Math.min(index, steps.length) - 1; i >= 0; i -= 1) {
    if (steps[i].kind === "work" && spentMs[i] > 0) return steps[i].item;
  }
  return null;
}

/**
 * One record per exercise from the clock's history ({spentMs, completed} per step): done
 * when its last work step ran to its end, stopped when "this hurts" was used for it,
 * skipped otherwise; seconds actually spent in its work steps.
 */
export function itemRecords(steps, items, history, stoppedItems) {
  return items.map((item, itemIndex) => {
    let spent = 0;
    let last = -1;
    steps.forEach((step, index) => {
      if (step.item !== itemIndex || step.kind !== "work") return;
      spent += history.spentMs[index] || 0;
      last = index;
    });
    let status = last !== -1 && history.completed[last] ? "done" : "skipped";
    if (stoppedItems.has(itemIndex)) status = "stopped";
    return { exercise: item.slug, status, seconds: Math.round(spent / 1000) };
  });
}

/** A short fingerprint of the plan, so a saved position is never applied to a changed one. */
export function planSignature(steps) {
  return steps.map((step) => `${step.kind}:${step.item}:${step.slug}:${step.seconds}`).join("|");
}
