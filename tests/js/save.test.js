// Saving from the player (static/js/player-save.js), without a browser: storage, fetch and
// timers are stand-ins, the view records what it is asked to show. Above all, what happens
// when BackCare already has the session with other content (409).
import assert from "node:assert/strict";
import { test } from "node:test";

import { createQueue, PENDING_KEY } from "../../static/js/player-queue.js";
import { createSaver } from "../../static/js/player-save.js";
import { conflictWords } from "../../static/js/player-words.js";
import { memoryStorage } from "./storage.js";

const SAVE_URL = "/routines/7/sessions/";
const STORED = { id: 4, client_id: "c-1", pain_after: 2, effort: null, notes: "" };

function answer(status, data) {
  return { status, json: async () => data };
}

/** A saver with stand-ins; `answers` are given to the POSTs in turn (an Error: no network). */
function setUp(answers, { storage = memoryStorage(), form = { pain_after: 2, effort: null, notes: "" } } = {}) {
  const sent = [];
  const timers = [];
  const calls = [];
  const fetchFn = async (url, options) => {
    sent.push([url, JSON.parse(options.body)]);
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return next;
  };
  const view = {
    ui: { finishSave: { disabled: false }, finishStatus: { textContent: "" } },
    showConflict: (...args) => calls.push(["showConflict", ...args]),
    showPending: (...args) => calls.push(["showPending", ...args]),
  };
  const saver = createSaver({
    saveUrl: SAVE_URL, view,
    body: () => ({ client_id: "c-1", started_at: "2026-11-27T10:00:00Z", items: [], ...form }),
    fields: () => ({ ...form }),
    canSave: () => true,
    onStart: () => calls.push(["start"]),
    onKept: () => calls.push(["kept"]),
    onSaved: (url) => calls.push(["saved", url]),
    onConflict: (url) => calls.push(["conflict", url]),
    onFailed: () => calls.push(["failed"]),
    deps: {
      storage, fetchFn, csrfToken: () => "tok", isOffline: () => false,
      wait: async () => {}, setTimer: (callback, ms) => { timers.push(ms); return timers.length; },
    },
  });
  return { saver, view, sent, timers, calls, storage, form };
}

const lost = () => new TypeError("Failed to fetch");

test("a lost answer, a change, then Save again: saved as first sent, and the person is told", async () => {
  const conflict = answer(409, { errors: { client_id: ["Taken."] }, url: "/h/4/", session: STORED });
  const { saver, view, sent, timers, calls, storage, form } = setUp([lost(), lost(), lost(), conflict]);

  await saver.save(); // reached BackCare, but no answer came back (three attempts)
  assert.equal(sent.length, 3);
  assert.equal(createQueue(storage).read().length, 1);
  assert.match(view.ui.finishStatus.textContent, /could not reach BackCare/);

  form.pain_after = 4;
  form.notes = "Easier than last week.";
  await saver.save();
  assert.equal(sent.length, 4);
  assert.equal(sent[3][1].client_id, "c-1", "the same id: BackCare recognises the session");
  assert.equal(sent[3][1].notes, "Easier than last week.");
  assert.deepEqual(calls.slice(-2), [
    ["showConflict", "/h/4/", ["pain_after", "notes"]], ["conflict", "/h/4/"],
  ]);
  assert.equal(calls.filter(([name]) => name === "saved").length, 0);
  assert.equal(calls.filter(([name]) => name === "failed").length, 1, "only the first attempt failed");
  assert.equal(storage.data.has(PENDING_KEY), false, "saved: nothing left on the device");
  assert.equal(view.ui.finishSave.disabled, true, "Save again would only be refused again");
  assert.equal(timers.length, 1, "no background attempt after the 409");
});

test("a session kept from an earlier visit that answers 409 leaves the queue and is shown", async () => {
  const storage = memoryStorage();
  const queue = createQueue(storage);
  queue.keep(SAVE_URL, { client_id: "old", pain_after: 5, effort: 3, notes: "" });
  queue.keep("/routines/8/sessions/", { client_id: "other" });
  const conflict = answer(409, { url: "/h/4/", session: { ...STORED, client_id: "old", effort: 3 } });
  const { saver, sent, calls, timers } = setUp([conflict], { storage });

  await saver.sendPending();
  assert.deepEqual(sent.map(([url, body]) => [url, body.client_id]), [[SAVE_URL, "old"]]);
  assert.deepEqual(calls, [["showPending", "/h/4/", ["pain_after"]]]);
  assert.deepEqual(queue.read().map((entry) => entry.body.client_id), ["other"]);
  assert.deepEqual(timers, []);

  await saver.sendPending(); // the next visit sends nothing again
  assert.equal(sent.length, 1);
});

test("the words say it is saved, what was not applied, and where to change it", () => {
  const words = conflictWords(["pain_after", "notes"]);
  assert.match(words.before, /^Saved, but without your latest changes\./);
  assert.match(words.before, /your later changes to pain after and notes were not applied/);
  assert.equal(words.link, "Open the saved session");
  assert.match(words.after, /Edit notes and scores/);
  assert.match(conflictWords(["pain_after", "effort", "notes"]).before, /pain after, effort and notes/);
  assert.match(conflictWords([]).before, /your later changes were not applied/);
  assert.match(conflictWords(["effort"], { earlier: true }).before,
    /^A session you finished earlier on this device is saved, but without your latest changes/);
});
