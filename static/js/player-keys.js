// Keyboard shortcuts of the player: Space starts, pauses or resumes; → skips; ← goes back;
// R restarts the step (the key, in any keyboard layout). They do nothing while the user types in a form field, and a focused
// button, link or summary keeps Space for itself.

function isFormField(element) {
  return Boolean(element?.closest?.("input, select, textarea, [contenteditable]"))
    || Boolean(element?.isContentEditable);
}

/** `actions`: {active(), canToggle(), playing(), toggle(), skip(), back(), restart()}. */
export function bindKeys(target, actions) {
  target.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isFormField(event.target) || !actions.active()) return;
    let action = null;
    if (event.key === " " || event.key === "Spacebar") {
      if (event.target.closest?.("button, a[href], summary")) return;
      if (actions.canToggle()) action = actions.toggle;
    } else if (actions.playing()) {
      // R by the key, not the letter: on a Russian layout the same key types "к".
      action = { ArrowRight: actions.skip, ArrowLeft: actions.back, r: actions.restart,
                 R: actions.restart }[event.key] ?? (event.code === "KeyR" ? actions.restart : null);
    }
    if (!action) return;
    event.preventDefault();
    action();
  });
}
