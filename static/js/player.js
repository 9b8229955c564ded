// The player page's entry: reads the timed plan embedded in the page (#player-plan) with
// today's check-in and hands the controller (player-controller.js) the page's screen,
// clock, timers, storage and events. Without JavaScript the page shows the routine as a
// list with a form to log it by hand; the player hides the list.

import { createPlayer } from "./player-controller.js";
import { createCues } from "./player-cues.js";
import { bindKeys } from "./player-keys.js";
import { watchLeaving } from "./player-leave.js";
import { createResumeStore } from "./player-resume.js";
import { createView } from "./player-view.js";
import { keepScreenOn, letScreenSleep } from "./player-wakelock.js";

// The routine's plan (cached with the page) with today's check-in (rendered per request).
const plan = {
  ...JSON.parse(document.getElementById("player-plan").textContent),
  ...JSON.parse(document.getElementById("player-check-in")?.textContent ?? "{}"),
};

const player = createPlayer({
  plan,
  view: createView(plan),
  cues: createCues(plan.preferences ?? {}),
  store: createResumeStore(window.localStorage),
  now: () => performance.now(),
  timers: window,
  screen: { keepOn: keepScreenOn, letSleep: letScreenSleep },
  location: window.location,
});
bindKeys(document, player.keys);
window.addEventListener("online", player.onOnline);
watchLeaving(player.leaving);
player.setUp();
