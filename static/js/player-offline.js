// A player opened offline, or served from the worker's cache because BackCare could not be
// reached (templates/offline/sw.js), was kept
// after an earlier check-in: before this session can start, today's check-in questions are
// asked again on the device (templates/offline/check_in.html). "No to all" lets the player
// start; "yes to one" keeps it out of reach, with the advice the server would give.

function askCheckIn(player, source) {
  const panel = source.content.firstElementChild.cloneNode(true);
  player.before(panel);
  player.inert = true;
  // The player's keyboard shortcuts listen on the document: none while the question is open.
  const blockKeys = (event) => {
    if (!panel.contains(event.target)) event.stopImmediatePropagation();
  };
  document.addEventListener("keydown", blockKeys, true);
  panel.querySelector("[data-check-in-clear]").addEventListener("click", () => {
    document.removeEventListener("keydown", blockKeys, true);
    panel.remove();
    player.inert = false;
    document.getElementById("player-toggle")?.focus();
  });
  panel.querySelector("[data-check-in-stop]").addEventListener("click", () => {
    panel.querySelector("[data-check-in-answers]").hidden = true;
    panel.querySelector("[data-check-in-stopped]").hidden = false;
  });
  panel.querySelector("h2").focus();
}

/** Whether the worker served this page from its cache (BackCare could not be reached, even
 * if the device has a network). */
function servedFromCache() {
  const worker = navigator.serviceWorker?.controller;
  if (!worker) return Promise.resolve(false);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(Boolean(event.data?.fromCache));
    worker.postMessage({ type: "from-cache" }, [channel.port2]);
    setTimeout(() => resolve(false), 2000);
  });
}

const player = document.getElementById("player");
const source = document.getElementById("offline-check-in");
if (player && source) {
  if (navigator.onLine === false) askCheckIn(player, source);
  else servedFromCache().then((cached) => { if (cached) askCheckIn(player, source); });
}
