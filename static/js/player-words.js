// The player's wording: labels, "next" lines, screen-reader announcements and spoken cues
// for the steps of a timed plan. Pure functions, no DOM.

import { formatClock } from "./player-clock.js";

export const BREATH_WORDS = { in: "Breathe in…", hold: "Hold…", out: "Breathe out…" };

export function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

export function secondsInWords(seconds) {
  if (seconds < 60 || seconds % 60) return plural(seconds, "second", "seconds");
  return plural(seconds / 60, "minute", "minutes");
}

/** "left side, set 2 of 3", "set 1 of 2", "right side" or "" */
export function sideAndSet(step) {
  const parts = [];
  if (step.side) parts.push(`${step.side} side`);
  if (step.sets > 1 && step.set_number) parts.push(`set ${step.set_number} of ${step.sets}`);
  return parts.join(", ");
}

/** What a work step asks for: "hold 30 seconds", "10 repetitions", "keep going for 2 minutes". */
export function amount(step) {
  if (step.mode === "reps") return plural(step.reps, "repetition", "repetitions");
  if (step.mode === "hold" && step.reps > 1) {
    const release = step.release_seconds > 0
      ? `, relaxing ${secondsInWords(step.release_seconds)} between` : "";
    return `${step.reps} holds of ${secondsInWords(step.hold_seconds)}${release}`;
  }
  if (step.mode === "hold") return `hold ${secondsInWords(step.seconds)}`;
  return `keep going for ${secondsInWords(step.seconds)}`;
}

function workLabel(step) {
  const where = sideAndSet(step);
  if (where) return capitalise(where);
  return { hold: "Hold the position", reps: "Repetitions", timed: "Keep going" }[step.mode] ?? "Go";
}

export function phaseLabel(steps, index) {
  const step = steps[index];
  if (step.kind === "get-ready") return "Get ready";
  if (step.kind === "switch") return "Switch sides";
  if (step.kind === "rest") return step.side_lying ? "Rest on your side" : "Rest";
  return workLabel(step);
}

/**
 * "Next: …" during the steps that lead into something else; "" during work. The screen
 * already shows the coming exercise's name in its heading, so the name is left out unless
 * `withName` (the announcement, which is heard rather than seen, keeps it).
 */
export function nextText(steps, index, { withName = false } = {}) {
  const step = steps[index];
  if (step.kind === "work") return "";
  const following = steps.slice(index + 1).find((s) => s.kind === "work");
  if (!following) return "";
  const detail = [sideAndSet(following), amount(following)].filter(Boolean).join(": ");
  const newExercise = following.item !== step.item || step.kind === "get-ready";
  if (withName && newExercise) return `Next: ${following.name} — ${detail}`;
  return `Next: ${detail}`;
}

/** What a screen reader hears when a step begins (not every second). */
export function announcement(steps, index) {
  const step = steps[index];
  const time = secondsInWords(step.seconds);
  const next = nextText(steps, index, { withName: true });
  if (step.kind === "get-ready") return `Get ready: ${step.name}. Starts in ${time}.`;
  if (step.kind === "switch") return `Switch sides. ${next}.`;
  if (step.kind === "rest") return `Rest for ${time}. ${next}.`;
  const where = sideAndSet(step);
  return where ? `${step.name}. ${capitalise(where)}: ${amount(step)}.`
    : `${step.name}: ${capitalise(amount(step))}.`;
}

/** What the voice says: a few words only. */
export function spokenCue(steps, index) {
  const step = steps[index];
  if (step.kind === "get-ready") return `Get ready. ${step.name}`;
  if (step.kind === "switch") return "Switch sides";
  if (step.kind === "rest") return step.side_lying ? "Roll onto your side and rest" : "Rest";
  return step.side ? `${step.name}, ${step.side} side` : step.name;
}

/** "You practised for 05:10: 2 exercises done, 1 skipped." */
export function summary(records, seconds) {
  const count = (status) => records.filter((record) => record.status === status).length;
  const parts = [`${plural(count("done"), "exercise", "exercises")} done`];
  if (count("skipped")) parts.push(`${count("skipped")} skipped`);
  if (count("stopped")) parts.push(`${count("stopped")} stopped because it hurt`);
  return `You practised for ${formatClock(seconds)}: ${parts.join(", ")}.`;
}

/** "a", "a and b", "a, b and c" */
export function listInWords(parts) {
  if (parts.length < 2) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

// As the session's edit page names them ("Edit notes and scores").
const FIELD_WORDS = { pain_after: "pain after", effort: "effort", notes: "notes" };

/**
 * What the person is told when BackCare already had this session with other content: it is
 * saved as first sent, and `changes` (field names, see changedFields) were not applied. The
 * words around the link to the saved session: {before, link, after}. `earlier`: a session
 * kept on this device from an earlier visit, not the one on the screen.
 */
export function conflictWords(changes, { earlier = false } = {}) {
  const which = changes.length
    ? `your later changes to ${listInWords(changes.map((name) => FIELD_WORDS[name] ?? name))}`
    : "your later changes";
  const saved = earlier
    ? "A session you finished earlier on this device is saved, but without your latest changes"
    : "Saved, but without your latest changes";
  return {
    before: `${saved}. It reached BackCare the first time you pressed Save, so it is saved as `
      + `it was then: ${which} were not applied. `,
    link: "Open the saved session",
    after: " to see it and make those changes with “Edit notes and scores”.",
  };
}
