// Today's check-in asked again on the device. A player opened offline, or served from the
// worker's cache because BackCare could not be reached (templates/offline/sw.js), was kept
// after an earlier check-in: before this session can start, today's check-in questions are
// asked again (templates/offline/check_in.html). "No to all" lets the player start; "yes to
// one" keeps it out of reach, with the advice the server would give.
//
// The document and the navigator are passed in (player-offline.js passes the page's), so
// Node's test runner can check it with stand-ins.

/** Put the questions of the template `source` before `player` and keep the player out of
 * reach until they are answered. */
export function askCheckIn(player, source, doc = document) {
  const panel = source.content.firstElementChild.cloneNode(true);
  player.before(panel);
  player.inert = true;
  // The player's keyboard shortcuts listen on the document: none while the question is open.
  const blockKeys = (event) => {
    if (!panel.contains(event.target)) event.stopImmediatePropagation();
  };
  doc.addEventListener("keydown", blockKeys, true);
  panel.querySelector("[data-check-in-clear]").addEventListener("click", () => {
    doc.removeEventListener("keydown", blockKeys, true);
    panel.remove();
    player.inert = false;
    doc.getElementById("player-toggle")?.focus();
  });
  panel.querySelector("[data-check-in-stop]").addEventListener("click", () => {
    panel.querySelector("[data-check-in-answers]").hidden = true;
    panel.querySelector("[data-check-in-stopped]").hidden = false;
  });
  panel.querySelector("h2").focus();
}

/** Whether the worker served this page from its cache (BackCare could not be reached, even
 * if the device has a network); false when it does not say within `waitMs`. */
export function servedFromCache(nav = navigator, waitMs = 2000) {
  const worker = nav.serviceWorker?.controller;
  if (!worker) return Promise.resolve(false);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const answer = (cached) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(cached);
    };
    const timer = setTimeout(() => answer(false), waitMs);
    channel.port1.onmessage = (event) => answer(Boolean(event.data?.fromCache));
    worker.postMessage({ type: "from-cache" }, [channel.port2]);
  });
}

/** On a player page with the check-in template: ask it when offline or served from the
 * cache. Resolves once that is known. */
export async function checkInIfKept(doc = document, nav = navigator) {
  const player = doc.getElementById("player");
  const source = doc.getElementById("offline-check-in");
  if (!player || !source) return;
  if (nav.onLine === false || await servedFromCache(nav)) askCheckIn(player, source, doc);
}
