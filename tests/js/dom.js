// A stand-in for the few pieces of the browser the player's modules touch, for the Node tests:
// elements with text, hidden, disabled, attributes, classes, children, focus and events; a
// document that finds them by id; and globals (document, window, navigator) put in place.

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
    this.children = nodes;
    this.textContent = nodes.map((node) => (typeof node === "string" ? node : node.textContent))
      .join("");
  }

  /** Itself when it is one of `selector`'s tags ("button, a[href], summary"), else null. */
  closest(selector) {
    const tag = this.tagName.toLowerCase();
    const parts = selector.split(",").map((part) => part.trim().replace(/\[.*\]$/, ""));
    return parts.includes(tag) ? this : null;
  }

  focus() { if (globalThis.document) globalThis.document.activeElement = this; }
}

/** A document holding an element for each of `ids` (plus any made by createElement). */
export function fakeDocument(ids = []) {
  const document = new EventTarget();
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
