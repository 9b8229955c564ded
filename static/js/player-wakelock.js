// Keep the phone's screen on while a routine plays (Screen Wake Lock API). A refusal
// (battery saver, no permission, an old browser) is ignored: the player works anyway.

let wakeLock = null;

export async function keepScreenOn() {
  if (!("wakeLock" in navigator) || document.visibilityState !== "visible" || wakeLock) return;
  try {
    wakeLock = await navigator.wakeLock.request("screen");
    wakeLock.addEventListener("release", () => { wakeLock = null; });
  } catch {
    wakeLock = null;
  }
}

export function letScreenSleep() {
  const lock = wakeLock;
  wakeLock = null;
  if (lock) lock.release().catch(() => {});
}
