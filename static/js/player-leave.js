// The player page being hidden, shown again or left. Hidden (another tab, a locked phone)
// or left: the routine's state is kept. Shown again: the screen catches up with the clock.
// Leaving in the middle of a routine asks first (its state is kept all the same).

/** `hooks`: {keep(), shown(), mustAsk()}. */
export function watchLeaving({ keep, shown, mustAsk }) {
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") shown();
    else keep();
  });
  window.addEventListener("pagehide", () => keep());
  window.addEventListener("beforeunload", (event) => {
    if (!mustAsk()) return;
    keep();
    event.preventDefault();
    event.returnValue = "";
  });
}
