// Routine builder: reorder exercises without reloading the page.
// Without JavaScript the ↑/↓ buttons submit their forms and the server moves the item.
// With it, the same buttons (and dragging by the handle) move the item in place, keep the
// keyboard focus on it, announce the new position, and save the whole order in one request.

const list = document.getElementById("routine-items");
const status = document.getElementById("order-status");

function items() {
  return [...list.querySelectorAll(":scope > .routine-item")];
}

function csrfToken() {
  return list.querySelector('input[name="csrfmiddlewaretoken"]').value;
}

function refresh() {
  const all = items();
  all.forEach((item, index) => {
    item.querySelector(".item-number").textContent = String(index + 1);
    item.querySelector(".move-up").disabled = index === 0;
    item.querySelector(".move-down").disabled = index === all.length - 1;
  });
}

function announce(item) {
  const all = items();
  const position = all.indexOf(item) + 1;
  status.textContent = `${item.dataset.name}: position ${position} of ${all.length}.`;
}

async function save() {
  const body = new URLSearchParams({ order: items().map((i) => i.dataset.itemId).join(",") });
  try {
    const response = await fetch(list.dataset.orderUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      body,
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch {
    status.textContent = "The new order could not be saved. The page will reload.";
    window.location.reload();
  }
}

function move(item, offset) {
  const sibling = offset < 0 ? item.previousElementSibling : item.nextElementSibling;
  if (!sibling) return;
  if (offset < 0) sibling.before(item);
  else sibling.after(item);
  refresh();
  announce(item);
  save();
}

if (list) {
  list.addEventListener("submit", (event) => {
    const form = event.target.closest(".move-form");
    if (!form) return;
    event.preventDefault();
    const item = form.closest(".routine-item");
    const up = form.querySelector('input[name="direction"]').value === "up";
    move(item, up ? -1 : 1);
    // Keep focus on the button that was used; at either end it becomes disabled, so fall
    // back to the other direction.
    const button = item.querySelector(up ? ".move-up" : ".move-down");
    (button.disabled ? item.querySelector(up ? ".move-down" : ".move-up") : button).focus();
  });

  // Drag and drop by the handle, for mouse and touch-pad users.
  let dragged = null;
  for (const item of items()) {
    const handle = item.querySelector(".drag-handle");
    handle.addEventListener("mousedown", () => { item.draggable = true; });
    item.addEventListener("dragstart", (event) => {
      dragged = item;
      event.dataTransfer.effectAllowed = "move";
      item.classList.add("dragging");
    });
    item.addEventListener("dragend", () => {
      item.draggable = false;
      item.classList.remove("dragging");
      if (dragged) {
        refresh();
        announce(dragged);
        save();
      }
      dragged = null;
    });
  }
  list.addEventListener("dragover", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const target = event.target.closest(".routine-item");
    if (!target || target === dragged) return;
    const box = target.getBoundingClientRect();
    if (event.clientY < box.top + box.height / 2) target.before(dragged);
    else target.after(dragged);
  });
}
