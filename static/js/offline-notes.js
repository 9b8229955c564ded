// What the pages say about this device: the sessions waiting to be saved and the problems
// with them (home, history and the offline page: templates/offline/status.html), the
// routines ready to play offline (templates/offline/routines.html).

import { waitingText } from "./offline-queue.js";

/** Show the count of sessions waiting and the problems to report, or hide the note. */
export function showQueue(count, problems = []) {
  for (const note of document.querySelectorAll("[data-queue-note]")) {
    const countText = note.querySelector("[data-queue-count]");
    const problemText = note.querySelector("[data-queue-problems]");
    const text = waitingText(count);
    countText.textContent = text;
    countText.hidden = !text;
    problemText.textContent = problems.join(" ");
    problemText.hidden = problems.length === 0;
    note.classList.toggle("alert-warning", problems.length > 0);
    note.classList.toggle("alert-info", problems.length === 0);
    note.hidden = !text && problems.length === 0;
  }
}

/** List the routines that can be played offline ({name, url}), or hide the list. */
export function showOfflineRoutines(routines) {
  for (const block of document.querySelectorAll("[data-offline-routines]")) {
    const list = block.querySelector("[data-offline-routine-list]");
    list.replaceChildren(...routines.map(({ name, url }) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = url;
      link.textContent = name;
      item.append(link);
      return item;
    }));
    block.hidden = routines.length === 0;
  }
}

/** Say that the device is offline (or stop saying it). */
export function showOffline(offline) {
  for (const note of document.querySelectorAll("[data-offline-note]")) note.hidden = !offline;
}
