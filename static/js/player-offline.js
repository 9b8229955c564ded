// A player opened offline (kept by the service worker, templates/offline/sw.js) was kept
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

const player = document.getElementById("player");
const source = document.getElementById("offline-check-in");
if (player && source && navigator.onLine === false) askCheckIn(player, source);
