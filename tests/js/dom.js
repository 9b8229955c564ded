// A stand-in for the few pieces of the browser the player's modules touch, for the Node tests:
// elements with text, hidden, disabled, attributes, classes, children (with their parent),
// focus and events; a document that finds them by id and runs capturing listeners first; and
// globals (document, window, navigator) put in place.

export class FakeElement extends EventTarget {
  constructor(tag = "div", id = "") {
    super();
    this.tagName = tag.toUpperCase();
    this.id = id;
    this.textContent = "";
    this.hidden = false;
    this.disabled = false;
    this.readOnly = false;
    this.value = 0;
    this.children = [];
    this.parentNode = null;
    this.attributes = new Map();
    const classes = new Set();
    this.classList = {
      add: (...names) => names.forEach((name) => classes.add(name)),
      remove: (...names) => names.forEach((name) => classes.delete(name)),
      toggle: (name, force = !classes.has(name)) => {
        if (force) classes.add(name);
        else classes.delete(name);
        return force;
      },
      contains: (name) => classes.has(name),
    };
  }

  setAttribute(name, value) { this.attributes.set(name, String(value)); }
  getAttribute(name) { return this.attributes.get(name) ?? null; }
  removeAttribute(name) { this.attributes.delete(name); }

  append(...nodes) { this.replaceChildren(...this.children, ...nodes); }
  replaceChildren(...nodes) {
    for (const node of this.children) if (node instanceof FakeElement) node.parentNode = null;
    for (const node of nodes) {
      if (!(node instanceof FakeElement)) continue;
      node.remove();
      node.parentNode = this;
    }
    this.children = nodes;
    this.textContent = nodes.map((node) => (typeof node === "string" ? node : node.textContent))
      .join("");
  }

  get firstElementChild() { return this.children.find((node) => node instanceof FakeElement) ?? null; }

  /** Put `nodes` just before this element in its parent (nothing without a parent). */
  before(...nodes) {
    const parent = this.parentNode;
    if (!parent) return;
    const siblings = parent.children.filter((node) => !nodes.includes(node));
    siblings.splice(siblings.indexOf(this), 0, ...nodes);
    parent.replaceChildren(...siblings);
  }

  remove() {
    const parent = this.parentNode;
    if (!parent) return;
    parent.children = parent.children.filter((node) => node !== this);
    this.parentNode = null;
  }

  contains(node) {
    for (let at = node; at; at = at.parentNode) if (at === this) return true;
    return false;
  }

  /** The first element inside matching `selector`: one tag ("h2"), "#id" or "[attribute]". */
  querySelector(selector) {
    const matches = (element) => {
      if (selector.startsWith("#")) return element.id === selector.slice(1);
      if (selector.startsWith("[")) return element.attributes.has(selector.slice(1, -1));
      return element.tagName === selector.toUpperCase();
    };
    for (const child of this.children) {
      if (!(child instanceof FakeElement)) continue;
      const found = matches(child) ? child : child.querySelector(selector);
      if (found) return found;
    }
    return null;
  }

  cloneNode(deep = false) {
    const copy = new FakeElement(this.tagName, this.id);
    copy.hidden = this.hidden;
    copy.attributes = new Map(this.attributes);
    if (deep) {
      copy.replaceChildren(...this.children.map((node) => (typeof node === "string" ? node : node.cloneNode(true))));
    }
    copy.textContent = this.textContent;
    return copy;
  }

  /** Itself when it is one of `selector`'s tags ("button, a[href], summary"), else null. */
  closest(selector) {
    const tag = this.tagName.toLowerCase();
    const parts = selector.split(",").map((part) => part.trim().replace(/\[.*\]$/, ""));
    return parts.includes(tag) ? this : null;
  }

  focus() { if (globalThis.document) globalThis.document.activeElement = this; }
}

const capturing = (options) => (typeof options === "boolean" ? options : Boolean(options?.capture));

/**
 * Node's EventTarget ignores `capture`; on a page the document's capturing listeners hear an
 * event before its other ones, and can stop it there (player-check-in.js blocks the
 * player's keys so). This document runs them first.
 */
class FakeDocument extends EventTarget {
  #capture = new EventTarget();

  addEventListener(type, listener, options) {
    if (capturing(options)) this.#capture.addEventListener(type, listener);
    else super.addEventListener(type, listener, options);
  }

  removeEventListener(type, listener, options) {
    if (capturing(options)) this.#capture.removeEventListener(type, listener);
    else super.removeEventListener(type, listener, options);
  }

  dispatchEvent(event) {
    if (!Object.hasOwn(event, "target")) Object.defineProperty(event, "target", { value: this });
    this.#capture.dispatchEvent(event);
    // Stopped on its way down, the event reaches no other listener (Node skips them all).
    return super.dispatchEvent(event);
  }
}

// Every element the view looks up in routines/player.html.
export const PLAYER_IDS = [
  "player", "player-main", "player-pending", "player-warning",
  "player-resume", "player-resume-heading", "player-resume-text", "player-resume-yes",
  "player-resume-no", "player-phase", "player-name", "player-badge", "player-badge-reason",
  "player-care", "player-care-reason", "player-care-watch", "player-paused",
  "player-countdown", "player-step-progress", "player-reps", "player-breath", "player-next",
  "player-routine-time", "player-routine-progress", "player-toggle", "player-back",
  "player-restart", "player-skip", "player-end", "player-hurts", "player-stop-panel",
  "player-stop-heading", "player-stop-text", "player-stop-next", "player-stop-end",
  "player-sound", "player-voice", "player-how-name", "player-instructions",
  "player-breathing-cue", "player-finish", "finish-heading", "finish-summary", "finish-form",
  "finish-save", "finish-resume", "finish-status", "finish-pain-after", "finish-effort",
  "finish-notes", "player-status", "player-alert", "player-fallback", "fallback-list",
  "log-by-hand",
];

/** A document holding an element for each of `ids` (plus any made by createElement). */
export function fakeDocument(ids = []) {
  const document = new FakeDocument();
  const elements = new Map(ids.map((id) => [id, new FakeElement("div", id)]));
  document.body = new FakeElement("body");
  document.activeElement = document.body;
  document.documentElement = { lang: "en" };
  document.visibilityState = "visible";
  document.getElementById = (id) => elements.get(id) ?? null;
  document.createElement = (tag) => new FakeElement(tag);
  return document;
}

/**
 * Put `globals` ({document, window, navigator, ...}) on globalThis for one test; returns the
 * function that puts back what was there before.
 */
export function install(globals) {
  const before = Object.fromEntries(Object.keys(globals).map((name) => [
    name, Object.getOwnPropertyDescriptor(globalThis, name)]));
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  return () => {
    for (const [name, descriptor] of Object.entries(before)) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete globalThis[name];
    }
  };
}

/** A keydown as a browser sends it from `target` (modifiers: {ctrlKey, metaKey, altKey}). */
export function keydown(target, key, modifiers = {}) {
  const event = new Event("keydown", { cancelable: true });
  Object.assign(event, { key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });
  target.dispatchEvent(event);
  return event;
}

/** A keydown pressed in `element` as the listeners on `document` hear it (the stand-in
 * elements do not bubble events up to the document themselves). */
export function keydownIn(document, element, key) {
  const event = new Event("keydown", { cancelable: true });
  Object.defineProperty(event, "target", { value: element });
  Object.assign(event, { key, ctrlKey: false, metaKey: false, altKey: false });
  document.dispatchEvent(event);
  return event;
}
