// The offer to install BackCare: the browser's own prompt is held back (never on a first
// visit) and offered once, on a page opened after a first finished session; "Not now"
// or the answer to the prompt means it is not offered again on this device.

export const FINISHED_KEY = "backcare.finishedSession";
export const OFFERED_KEY = "backcare.installOffered";

/** Whether to offer now: a session was finished here before, and no offer was made yet. */
export function shouldOffer(storage) {
  try {
    return storage.getItem(FINISHED_KEY) === "1" && storage.getItem(OFFERED_KEY) !== "1";
  } catch {
    return false;
  }
}

function remember(key) {
  try {
    window.localStorage.setItem(key, "1");
  } catch {
    // Storage disabled: the offer may come back, which is harmless.
  }
}

/** Note a finished session when the player's finish panel shows (player pages only). */
function watchFinish() {
  const finish = document.getElementById("player-finish");
  if (!finish) return;
  const seen = () => { if (!finish.hidden) remember(FINISHED_KEY); };
  new MutationObserver(seen).observe(finish, { attributes: true, attributeFilter: ["hidden"] });
}

export function setUpInstallOffer() {
  watchFinish();
  const offer = document.getElementById("install-offer");
  if (!offer) return;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault(); // the browser's own banner would come on the first visit
    if (!shouldOffer(window.localStorage) || document.getElementById("player-finish")) return;
    offer.hidden = false;
    offer.querySelector("[data-install-yes]").addEventListener("click", async () => {
      offer.hidden = true;
      remember(OFFERED_KEY);
      await event.prompt();
    }, { once: true });
    offer.querySelector("[data-install-no]").addEventListener("click", () => {
      offer.hidden = true;
      remember(OFFERED_KEY);
    }, { once: true });
  });
}
