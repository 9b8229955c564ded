// Routine builder: reorder exercises without reloading the page.
// Without JavaScript the ↑/↓ buttons submit their forms and the server moves the item.
// With it, the same buttons move the item in place, keep the keyboard focus on it, announce
// the new position, and save the whole order in one request. The handle (at least 44x44 px)
// drags an item with a finger, a pen or a mouse, through pointer events.

import { gettext, interpolate } from "./i18n.js";

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
  status.textContent = interpolate(gettext("%(name)s: position %(position)s of %(total)s."),
    { name: item.dataset.name, position, total: all.length });
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
    status.textContent = gettext("The new order could not be saved. The page will reload.");
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

/** The item whose upper or lower half is under `y` (other than `dragged`), and which half. */
function dropTarget(dragged, y) {
  for (const other of items()) {
    if (other === dragged) continue;
    const box = other.getBoundingClientRect();
    if (y >= box.top && y <= box.bottom) return { other, before: y < box.top + box.height / 2 };
  }
  return null;
}

const EDGE_PX = 48; // near the top or bottom of the screen, the page scrolls along

function startDrag(event) {
  const handle = event.target.closest(".drag-handle");
  if (!handle || !event.isPrimary || (event.pointerType === "mouse" && event.button !== 0)) return;
  const item = handle.closest(".routine-item");
  const before = items().map((i) => i.dataset.itemId).join(",");
  event.preventDefault();
  item.classList.add("dragging");

  function onMove(moveEvent) {
    if (moveEvent.pointerId !== event.pointerId) return;
    moveEvent.preventDefault();
    const found = dropTarget(item, moveEvent.clientY);
    if (found?.before && item.nextElementSibling !== found.other) found.other.before(item);
    else if (found && !found.before && item.previousElementSibling !== found.other) found.other.after(item);
    if (moveEvent.clientY < EDGE_PX) window.scrollBy(0, -EDGE_PX / 4);
    else if (moveEvent.clientY > window.innerHeight - EDGE_PX) window.scrollBy(0, EDGE_PX / 4);
  }

  function onEnd(endEvent) {
    if (endEvent.pointerId !== event.pointerId) return;
    document.removeEventListener("pointermove", onMove);
    document.removeEventListener("pointerup", onEnd);
    document.removeEventListener("pointercancel", onEnd);
    item.classList.remove("dragging");
    if (items().map((i) => i.dataset.itemId).join(",") === before) return;
    refresh();
    announce(item);
    save();
  }

  // On the document: moving the item in the page ends the handle's pointer capture.
  document.addEventListener("pointermove", onMove);
  document.addEventListener("pointerup", onEnd);
  document.addEventListener("pointercancel", onEnd);
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

  // Dragging by the handle, with a finger, a pen or a mouse (pointer events).
  list.addEventListener("pointerdown", startDrag);
}
