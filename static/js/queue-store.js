// Where the save queue lives: IndexedDB, which the pages and the service worker both reach,
// so the worker can send the queue on background sync with no BackCare page open
// (templates/offline/sw.js). localStorage, where it lived before, is the pages' alone.
//
// Two object stores: "sessions", one entry per session waiting to be saved, keyed by its
// client_id ({clientId, saveUrl, body, user, csrf, queued}: `user` is the offline key of the
// person it was played for, "" for a visitor; `csrf` the page's token when it was kept), and
// "problems", what to tell a person about sessions BackCare refused, kept as data (their
// words are chosen by the page that shows them, in its language: offline-queue.js).
//
// Every operation is one transaction and never throws: without IndexedDB (a private window
// of an old browser) reads are empty and `keep` answers false, as a full localStorage did.
//
// No DOM: the IndexedDB factory is passed in (Node's tests give fake-indexeddb).

export const DB_NAME = "backcare-queue";
const VERSION = 1;
const SESSIONS = "sessions";
const PROBLEMS = "problems";

// Where the pages kept the queue before (static/js/player-queue.js and offline-queue.js of
// earlier releases): moved here once by `moveFromLocalStorage`.
export const LEGACY_SESSIONS_KEY = "backcare.pendingSessions";
export const LEGACY_PROBLEMS_KEY = "backcare.queueProblems";

/** Whether a person (an offline key, "" for a visitor, null when it is not known who is
 * signed in) may send `entry`: their own sessions, and a visitor's (a tried programme goes
 * to whoever signs in, as on the server: routines/views/trials.py). */
export function mayBeSent(entry, person) {
  return !entry.user || (typeof person === "string" && entry.user === person);
}

// When a session was kept, in ms: strictly increasing on one page, so the queue keeps its order.
let lastStamp = 0;
const stamp = () => { lastStamp = Math.max(Date.now(), lastStamp + 1); return lastStamp; };

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function openQueueStore(factory = globalThis.indexedDB) {
  let opening = null;

  function database() {
    opening ??= new Promise((resolve, reject) => {
      const request = factory.open(DB_NAME, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(SESSIONS)) db.createObjectStore(SESSIONS, { keyPath: "clientId" });
        if (!db.objectStoreNames.contains(PROBLEMS)) db.createObjectStore(PROBLEMS, { autoIncrement: true });
      };
      request.onsuccess = () => {
        const db = request.result;
        // A later release asks for a new version: let it, and open again when next needed.
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
    }).catch((error) => {
      opening = null;
      throw error;
    });
    return opening;
  }

  /** `work(transaction)` issues its requests at once; resolves to what it returned (a
   * request's result once done) when the transaction has committed. */
  async function run(names, mode, work) {
    const db = await database();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(names, mode);
      const result = work(transaction);
      const value = result && typeof result.then === "function" ? result : Promise.resolve(result);
      transaction.oncomplete = () => value.then(resolve, reject);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  async function safely(fallback, operation) {
    try {
      if (!factory) return fallback;
      return await operation();
    } catch {
      return fallback;
    }
  }

  /** Delete, in one transaction, the records of `name` for which `test(value)` is true;
   * resolves to their values. */
  function take(name, test) {
    return run([name], "readwrite", (transaction) => new Promise((resolve, reject) => {
      const taken = [];
      const request = transaction.objectStore(name).openCursor();
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) {
          resolve(taken);
          return;
        }
        if (test(cursor.value)) {
          taken.push(cursor.value);
          cursor.delete();
        }
        cursor.continue();
      };
    }));
  }

  return {
    /** Every session waiting, oldest first. */
    read() {
      return safely([], async () => {
        const all = await run([SESSIONS], "readonly", (t) => done(t.objectStore(SESSIONS).getAll()));
        return all.sort((a, b) => a.queued - b.queued);
      });
    },

    /** Keep (or replace) a session; false when the device would not store it. */
    keep({ saveUrl, body, user = "", csrf = "" }) {
      return safely(false, async () => {
        const entry = { clientId: body.client_id, saveUrl, body, user, csrf, queued: stamp() };
        await run([SESSIONS], "readwrite", (t) => done(t.objectStore(SESSIONS).put(entry)));
        return true;
      });
    },

    forget(clientId) {
      return safely(undefined, () => run([SESSIONS], "readwrite",
        (t) => done(t.objectStore(SESSIONS).delete(clientId))));
    },

    /** Problems to tell about later ({user, kind, ...}: offline-queue.js). */
    addProblems(problems) {
      if (!problems.length) return Promise.resolve();
      return safely(undefined, () => run([PROBLEMS], "readwrite", (t) => {
        const store = t.objectStore(PROBLEMS);
        for (const problem of problems) store.add(problem);
      }));
    },

    /** The problems `person` may be told about, removed: each is told once. */
    takeProblems(person) {
      return safely([], () => take(PROBLEMS, (problem) => mayBeSent(problem, person)));
    },

    /** Log-out: remove what `person` may send (their sessions, a visitor's) and their
     * problems; another person's sessions stay until they sign in again. */
    forgetPerson(person) {
      return safely(undefined, async () => {
        await take(SESSIONS, (entry) => mayBeSent(entry, person));
        await take(PROBLEMS, (problem) => mayBeSent(problem, person));
      });
    },
  };
}

function legacyList(storage, key) {
  try {
    const list = JSON.parse(storage.getItem(key) || "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/**
 * Move what an earlier release kept in localStorage into `store`: the sessions waiting (for
 * `user`, the person of the page that moves them: the queue was forgotten at every log-out,
 * so they are theirs) and the refusals not yet shown (already in words). localStorage is
 * emptied only once everything is in `store`. Resolves to the number of sessions moved.
 */
export async function moveFromLocalStorage(storage, store, user) {
  let sessions;
  let problems;
  try {
    sessions = legacyList(storage, LEGACY_SESSIONS_KEY)
      .filter((entry) => typeof entry?.saveUrl === "string" && entry.body?.client_id);
    problems = legacyList(storage, LEGACY_PROBLEMS_KEY).filter((text) => typeof text === "string");
  } catch {
    return 0; // localStorage disabled: nothing was kept there either
  }
  if (!sessions.length && !problems.length) return 0;
  for (const { saveUrl, body } of sessions) {
    if (!(await store.keep({ saveUrl, body, user }))) return 0; // kept there for next time
  }
  await store.addProblems(problems.map((text) => ({ user, kind: "text", text })));
  try {
    storage.removeItem(LEGACY_SESSIONS_KEY);
    storage.removeItem(LEGACY_PROBLEMS_KEY);
  } catch {
    // Cannot happen where getItem worked; the entries are keyed by client_id anyway.
  }
  return sessions.length;
}
