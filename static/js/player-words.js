// The player's wording: labels, "next" lines, screen-reader announcements and spoken cues
// for the steps of a timed plan. Pure functions, no DOM; the words are in the page's
// language (./i18n.js), English without a catalogue.

import { formatClock } from "./player-clock.js";
import { gettext, interpolate, ngettext } from "./i18n.js";

export const BREATH_WORDS = {
  get in() { return gettext("Breathe in…"); },
  get hold() { return gettext("Hold…"); },
  get out() { return gettext("Breathe out…"); },
};

export function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** A count in words: `text` is ngettext's form for `count`, with "%(count)s" in it. (Each
 * call names its English forms itself, so `make messages` finds them.) */
const counted = (text, count) => interpolate(text, { count });

export function secondsInWords(seconds) {
  if (seconds < 60 || seconds % 60) {
    return counted(ngettext("%(count)s second", "%(count)s seconds", seconds), seconds);
  }
  const minutes = seconds / 60;
  return counted(ngettext("%(count)s minute", "%(count)s minutes", minutes), minutes);
}

const SIDE_WORDS = {
  get left() { return gettext("left side"); },
  get right() { return gettext("right side"); },
};

/** "left side, set 2 of 3", "set 1 of 2", "right side" or "" */
export function sideAndSet(step) {
  const parts = [];
  if (step.side) parts.push(SIDE_WORDS[step.side] ?? step.side);
  if (step.sets > 1 && step.set_number) {
    parts.push(interpolate(gettext("set %(number)s of %(sets)s"),
      { number: step.set_number, sets: step.sets }));
  }
  return parts.join(", ");
}

/** What a work step asks for: "hold 30 seconds", "10 repetitions", "keep going for 2 minutes". */
export function amount(step) {
  if (step.mode === "reps") {
    return counted(ngettext("%(count)s repetition", "%(count)s repetitions", step.reps), step.reps);
  }
  if (step.mode === "hold" && step.reps > 1) {
    const holds = interpolate(
      ngettext("%(count)s hold of %(time)s", "%(count)s holds of %(time)s", step.reps),
      { count: step.reps, time: secondsInWords(step.hold_seconds) },
    );
    if (!(step.release_seconds > 0)) return holds;
    return interpolate(gettext("%(holds)s, relaxing %(time)s between"),
      { holds, time: secondsInWords(step.release_seconds) });
  }
  if (step.mode === "hold") return interpolate(gettext("hold %(time)s"), { time: secondsInWords(step.seconds) });
  return interpolate(gettext("keep going for %(time)s"), { time: secondsInWords(step.seconds) });
}

function workLabel(step) {
  const where = sideAndSet(step);
  if (where) return capitalise(where);
  if (step.mode === "hold") return gettext("Hold the position");
  if (step.mode === "reps") return gettext("Repetitions");
  if (step.mode === "timed") return gettext("Keep going");
  return gettext("Go");
}

export function phaseLabel(steps, index) {
  const step = steps[index];
  if (step.kind === "get-ready") return gettext("Get ready");
  if (step.kind === "switch") return gettext("Switch sides");
  if (step.kind === "rest") return step.side_lying ? gettext("Rest on your side") : gettext("Rest");
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
  if (withName && newExercise) {
    return interpolate(gettext("Next: %(name)s — %(detail)s"), { name: following.name, detail });
  }
  return interpolate(gettext("Next: %(detail)s"), { detail });
}

/** What a screen reader hears when a step begins (not every second). */
export function announcement(steps, index) {
  const step = steps[index];
  const time = secondsInWords(step.seconds);
  const next = nextText(steps, index, { withName: true });
  if (step.kind === "get-ready") {
    return interpolate(gettext("Get ready: %(name)s. Starts in %(time)s."), { name: step.name, time });
  }
  if (step.kind === "switch") return interpolate(gettext("Switch sides. %(next)s."), { next });
  if (step.kind === "rest") return interpolate(gettext("Rest for %(time)s. %(next)s."), { time, next });
  const where = sideAndSet(step);
  return where ? `${step.name}. ${capitalise(where)}: ${amount(step)}.`
    : `${step.name}: ${capitalise(amount(step))}.`;
}

/** What the voice says: a few words only. */
export function spokenCue(steps, index) {
  const step = steps[index];
  if (step.kind === "get-ready") return interpolate(gettext("Get ready. %(name)s"), { name: step.name });
  if (step.kind === "switch") return gettext("Switch sides");
  if (step.kind === "rest") return step.side_lying ? gettext("Roll onto your side and rest") : gettext("Rest");
  return step.side ? `${step.name}, ${SIDE_WORDS[step.side] ?? step.side}` : step.name;
}

/** "You practised for 05:10: 2 exercises done, 1 skipped." */
export function summary(records, seconds) {
  const count = (status) => records.filter((record) => record.status === status).length;
  const done = count("done");
  const skipped = count("skipped");
  const stopped = count("stopped");
  const parts = [counted(ngettext("%(count)s exercise done", "%(count)s exercises done", done), done)];
  if (skipped) parts.push(counted(ngettext("%(count)s skipped", "%(count)s skipped", skipped), skipped));
  if (stopped) {
    parts.push(counted(ngettext("%(count)s stopped because it hurt",
      "%(count)s stopped because it hurt", stopped), stopped));
  }
  return interpolate(gettext("You practised for %(time)s: %(parts)s."),
    { time: formatClock(seconds), parts: parts.join(", ") });
}

/** "a", "a and b", "a, b and c" */
export function listInWords(parts) {
  if (parts.length < 2) return parts.join("");
  return interpolate(gettext("%(first)s and %(last)s"),
    { first: parts.slice(0, -1).join(", "), last: parts[parts.length - 1] });
}

// As the session's edit page names them ("Edit notes and scores").
const FIELD_WORDS = {
  get pain_after() { return gettext("pain after"); },
  get effort() { return gettext("effort"); },
  get notes() { return gettext("notes"); },
};

/**
 * What the person is told when BackCare already had this session with other content: it is
 * saved as first sent, and `changes` (field names, see changedFields) were not applied. The
 * words around the link to the saved session: {before, link, after}. `earlier`: a session
 * kept on this device from an earlier visit, not the one on the screen.
 */
export function conflictWords(changes, { earlier = false } = {}) {
  const which = changes.length
    ? interpolate(gettext("your later changes to %(fields)s"),
      { fields: listInWords(changes.map((name) => FIELD_WORDS[name] ?? name)) })
    : gettext("your later changes");
  const saved = earlier
    ? gettext("A session you finished earlier on this device is saved, but without your latest changes")
    : gettext("Saved, but without your latest changes");
  return {
    before: interpolate(gettext("%(saved)s. It reached BackCare the first time you pressed Save, so it is saved as it was then: %(which)s were not applied. "),
      { saved, which }),
    link: gettext("Open the saved session"),
    after: gettext(" to see it and make those changes with “Edit notes and scores”."),
  };
}
