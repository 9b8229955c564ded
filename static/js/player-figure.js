// The exercise's figure in the player, in step with the player's own clock.
//
// routines/player.html embeds each exercise's animated figure once, in a <template> per
// exercise and side (data-slug, data-side "" or "left" for the mirrored drawing, data-cycle:
// seconds of one cycle or of the way into a hold, data-key: when the key pose shows,
// data-mode and data-phases: the keyframes' names, shown under the figure as it moves). The
// figure's SMIL animations are always paused: every "player:position" and "player:step"
// event (static/js/player-view.js) sets the animation's current time from the step's elapsed
// time, and between two events an animation frame carries it on from that same reading, so
// the figure and the count never drift apart and the figure stops when the player pauses.
// A repetition is one cycle; a hold plays the way in, then shows the held pose (repeated
// holds play the way out at the end of each); get-ready,
// switch and rest show the starting pose of what comes next (during the rest between two
// exercises, the next one). Under prefers-reduced-motion the animation gives way to the
// keyframes side by side, each still and named (copies of the animation stopped at the
// moment each keyframe shows), as on the exercise page.

import { holdPhase } from "./player-pace.js";
import { focusItem } from "./player-steps.js";
import { gettext, interpolate } from "./i18n.js";

/** The side a step shows: its own, or (rest, switch) the side of the step coming next. */
export function sideOf(steps, index, item) {
  const step = steps[index];
  if (!step) return "";
  if (step.item === item && step.side) return step.side;
  const next = steps[index + 1];
  return next && next.item === item ? next.side : "";
}

/**
 * The figure's animation time (seconds) for a step `elapsedMs` in: `cycle` seconds make one
 * repetition (or the way into a hold), `key` is when the key pose shows. Only a work step of
 * the exercise on screen moves; anything else shows the starting pose.
 */
export function figureTime(step, item, elapsedMs, { cycle, key, still }) {
  const working = step && step.kind === "work" && step.item === item;
  if (still) return key;
  if (!working) return 0;
  const elapsed = Math.max(0, elapsedMs) / 1000;
  if (step.mode === "reps" && step.seconds_per_rep > 0) {
    return (elapsed / step.seconds_per_rep) * cycle;
  }
  if (step.mode === "hold") {
    // Each hold of the step: the way in over its first third at most, then the held pose;
    // between two holds, the release shows the starting pose.
    const hold = step.hold_seconds > 0 ? step.hold_seconds : elapsed + 1;
    const release = step.release_seconds > 0 ? step.release_seconds : 0;
    if (step.reps > 1 && holdPhase(elapsed, hold, release, step.reps).releasing) return 0;
    const within = step.reps > 1 ? elapsed % (hold + release) : elapsed;
    const wayIn = Math.min(cycle, hold / 3);
    if (step.reps > 1 && !release) {
      // Repeated holds with no release between them show the way out over the end of each
      // hold (the way in played backwards), so the next starts from where the figure is.
      const wayOut = Math.min(cycle, hold / 4);
      const left = hold - within;
      if (left < wayOut) return (left / wayOut) * cycle;
    }
    return wayIn > 0 ? Math.min(within / wayIn, 1) * cycle : cycle;
  }
  return elapsed; // timed: the figure loops at its own pace
}

/**
 * The name of the phase the figure is in at animation time `time` (seconds): the keyframe it
 * is moving towards. A repetition runs through every keyframe and back to the first once per
 * `cycle`; a hold goes in once and stays in the last (held) pose.
 */
export function phaseOf(time, { cycle, mode, phases, times }) {
  const count = phases.length;
  if (!count || !(cycle > 0)) return "";
  const hold = mode === "hold";
  const legs = hold ? count - 1 : count;
  if (legs < 1) return phases[0];
  const fraction = hold ? Math.min(time / cycle, 1) : (time / cycle) % 1;
  if (hold && fraction >= 1) return phases[count - 1];
  // When each keyframe shows (fractions of the cycle; even unless the figure says otherwise).
  const at = times && times.length === legs + 1 ? times : [...Array(legs + 1).keys()].map((i) => i / legs);
  let leg = 0;
  while (leg < legs - 1 && at[leg + 1] <= fraction + 1e-9) leg += 1;
  return phases[(leg + 1) % count];
}

/**
 * When each keyframe shows (seconds of animation time), in keyframe order: `times` are
 * fractions of the `cycle` (a repetition's last one is the return to the start).
 */
export function keyframeTimes({ cycle, phases, times }) {
  const count = phases.length;
  if (!count || !(cycle > 0)) return [];
  const at = times && times.length >= count ? times : [...Array(count).keys()].map((i) => i / Math.max(count - 1, 1));
  return phases.map((_, index) => at[index] * cycle);
}

/** The keyframes of the figure on screen, side by side, each a stopped copy of its SVG. */
function keyframeStrip(figure, name) {
  const list = document.createElement("ol");
  list.className = "player-figure-keyframes list-unstyled";
  list.setAttribute("aria-label", name);
  keyframeTimes(figure).forEach((time, index) => {
    const item = document.createElement("li");
    const copy = figure.svg.cloneNode(true);
    copy.setAttribute("aria-hidden", "true");
    copy.removeAttribute("role");
    copy.querySelector("title")?.remove(); // the label under it names it
    const label = document.createElement("span");
    label.textContent = `${index + 1}. ${figure.phases[index]}`;
    item.append(copy, label);
    list.append(item);
    copy.pauseAnimations();
    copy.setCurrentTime(time);
  });
  return list;
}

function setUp(player, stage, planNode) {
  const { steps, items } = JSON.parse(planNode.textContent);
  const sources = new Map();
  document.querySelectorAll("template.player-figure-source").forEach((template) => {
    sources.set(`${template.dataset.slug}|${template.dataset.side}`, template);
  });
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)");
  const phaseNode = document.getElementById("player-figure-phase");
  let shown = null; // {id, svg, cycle, key}
  let anchor = null; // {detail, at}: the last reading of the player's clock
  let frame = 0;

  function show(item, side) {
    const slug = items[item]?.slug;
    const template = sources.get(`${slug}|${side}`) ?? sources.get(`${slug}|`);
    const still = reduce.matches;
    const id = template ? `${slug}|${template.dataset.side}${still ? "|still" : ""}` : "";
    if (shown?.id === id) return shown;
    stage.replaceChildren(); // the page's copy of the first figure too (.player-figure-waiting)
    stage.classList.remove("player-figure-waiting");
    shown = null;
    if (template) {
      stage.append(template.content.cloneNode(true));
      const svg = stage.querySelector("svg");
      if (svg && typeof svg.pauseAnimations === "function") {
        svg.pauseAnimations();
        if (template.dataset.side === "left") {
          svg.setAttribute("aria-label", interpolate(gettext("%(label)s (left side, mirrored)"),
            { label: svg.getAttribute("aria-label") }));
        }
        shown = {
          id, svg, cycle: Number(template.dataset.cycle), key: Number(template.dataset.key),
          mode: template.dataset.mode || "reps", phases: JSON.parse(template.dataset.phases || "[]"),
          times: JSON.parse(template.dataset.times || "[]"),
        };
        // Less motion: the keyframes side by side, named, instead of the animation.
        if (still) stage.append(keyframeStrip(shown, stage.dataset.stripLabel || ""));
      }
    }
    stage.hidden = !shown;
    stage.classList.toggle("player-figure-still", Boolean(shown) && still);
    if (phaseNode) phaseNode.hidden = !shown || still;
    stage.dataset.shows = shown ? id.replace(/\|still$/, "") : ""; // "slug|side", for tests
    return shown;
  }

  function draw(detail, elapsedMs) {
    const item = focusItem(steps, detail.index);
    const figure = show(item, sideOf(steps, detail.index, item));
    if (!figure) return;
    const time = figureTime(detail.step, item, elapsedMs, { ...figure, still: reduce.matches });
    figure.svg.setCurrentTime(time);
    // Name the phase as it moves ("round (cat)", "breathe in"): the keyframe it is heading to.
    if (phaseNode) {
      const phase = phaseOf(time, figure);
      if (phaseNode.textContent !== phase) phaseNode.textContent = phase;
    }
  }

  const moving = () => anchor && anchor.detail.started && !anchor.detail.paused
    && !reduce.matches && !player.hidden;

  function tick() {
    frame = 0;
    if (!moving()) return;
    const { detail, at } = anchor;
    const elapsed = Math.min(detail.stepElapsedMs + (performance.now() - at), detail.stepMs);
    draw(detail, elapsed);
    // At the step's end, wait for the player's next event (the next step, or the end).
    if (elapsed < detail.stepMs) frame = window.requestAnimationFrame(tick);
  }

  function follow(event) {
    anchor = { detail: event.detail, at: performance.now() };
    draw(event.detail, event.detail.stepElapsedMs);
    if (moving()) {
      if (!frame) frame = window.requestAnimationFrame(tick);
    } else if (frame) {
      window.cancelAnimationFrame(frame);
      frame = 0;
    }
  }

  player.addEventListener("player:position", follow);
  player.addEventListener("player:step", follow);
  reduce.addEventListener("change", () => {
    if (!anchor) return;
    draw(anchor.detail, anchor.detail.stepElapsedMs);
    if (moving() && !frame) frame = window.requestAnimationFrame(tick);
  });
}

// In a page (not under Node's unit tests): follow the player, if the page has one.
if (typeof document !== "undefined") {
  const nodes = ["player", "player-figure", "player-plan"].map((id) => document.getElementById(id));
  if (nodes.every(Boolean)) setUp(...nodes);
}
