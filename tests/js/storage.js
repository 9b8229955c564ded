// Stand-ins for the browser's storage in the Node tests: window.localStorage, and a fresh,
// empty IndexedDB for the save queue's store (static/js/queue-store.js): the fake-indexeddb
// package implements the standard in memory, transactions' lifetimes included.
import { IDBFactory } from "fake-indexeddb";

import { openQueueStore } from "../../static/js/queue-store.js";

export function memoryStorage(initial = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key) => (data.has(key) ? data.get(key) : null),
    setItem: (key, value) => { data.set(key, String(value)); },
    removeItem: (key) => { data.delete(key); },
    data,
  };
}

export function memoryIndexedDB() {
  return new IDBFactory();
}

export function memoryQueueStore(factory = memoryIndexedDB()) {
  return openQueueStore(factory);
}
