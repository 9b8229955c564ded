// The "resume where you left off" offer on the player page, shown when this device kept a
// routine in progress for this very routine (player-resume.js).

import { focusItem } from "./player-steps.js";
import { phaseLabel } from "./player-words.js";
import { formatClock } from "./player-clock.js";
import { setText, show } from "./player-view.js";
import { gettext, interpolate, ngettext } from "./i18n.js";

function ago(ms) {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return gettext("just now");
  if (minutes < 60) {
    return interpolate(ngettext("%(count)s minute ago", "%(count)s minutes ago", minutes),
      { count: minutes });
  }
  const hours = Math.floor(minutes / 60);
  return interpolate(ngettext("%(count)s hour ago", "%(count)s hours ago", hours), { count: hours });
}

/** What the offer says: where the routine stood and when it was left. */
export function offerText(state, plan, nowMs = Date.now()) {
  const { steps, items } = plan;
  const snap = state.snapshot;
  const when = ago(nowMs - state.savedAt);
  if (state.ended || snap.index >= steps.length) {
    return interpolate(gettext("You ended this routine %(when)s but did not save it yet."), { when });
  }
  const index = Math.min(snap.index, steps.length - 1);
  const done = steps.slice(0, index).reduce((total, step) => total + step.seconds, 0)
    + Math.floor(snap.stepElapsedMs / 1000);
  const name = items[focusItem(steps, index)]?.name ?? "";
  return interpolate(gettext("You left this routine %(when)s, %(time)s into it: %(name)s (%(phase)s)."),
    { when, time: formatClock(done), name, phase: phaseLabel(steps, index) });
}

/** Show the offer; `onResume` or `onDiscard` runs once, on the user's choice. */
export function offerResume(view, state, plan, { onResume, onDiscard }) {
  const { ui } = view;
  setText(ui.resumeText, offerText(state, plan));
  show(ui.resume, true);
  const choose = (action) => {
    show(ui.resume, false);
    ui.resumeYes.removeEventListener("click", yes);
    ui.resumeNo.removeEventListener("click", no);
    action();
  };
  const yes = () => choose(onResume);
  const no = () => choose(() => {
    onDiscard();
    view.announce(gettext("The routine you left was discarded. Press Start to begin again."));
    ui.toggle.focus();
  });
  ui.resumeYes.addEventListener("click", yes);
  ui.resumeNo.addEventListener("click", no);
  ui.resumeHeading.focus();
}
