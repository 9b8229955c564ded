// Saving from the player (static/js/player-save.js), without a browser: the queue's store
// (fake-indexeddb), fetch and timers are stand-ins, the view records what it is asked to
// show. Above all, what happens when BackCare already has the session with other content
// (409).
import assert from "node:assert/strict";
import { test } from "node:test";

import { createSaver } from "../../static/js/player-save.js";
import { conflictWords } from "../../static/js/player-words.js";
import { memoryQueueStore } from "./storage.js";

const SAVE_URL = "/routines/7/sessions/";
const STORED = { id: 4, client_id: "c-1", pain_after: 2, effort: null, notes: "" };

function answer(status, data) {
  return { status, json: async () => data };
}

/** A saver with stand-ins; `answers` are given to the POSTs in turn (an Error: no network). */
function setUp(answers, { store = memoryQueueStore(), user = "k1", form = { pain_after: 2, effort: null, notes: "" } } = {}) {
  const sent = [];
  const timers = [];
  const calls = [];
  const syncs = [];
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
      store, user, fetchFn, csrfToken: () => "tok", isOffline: () => false,
      wait: async () => {}, setTimer: (callback, ms) => { timers.push(ms); return timers.length; },
      askForSync: () => syncs.push(1),
    },
  });
  return { saver, view, sent, timers, calls, store, form, syncs };
}

const lost = () => new TypeError("Failed to fetch");

test("a lost answer, a change, then Save again: saved as first sent, and the person is told", async () => {
  const conflict = answer(409, { errors: { client_id: ["Taken."] }, url: "/h/4/", session: STORED });
  const { saver, view, sent, timers, calls, store, form, syncs } = setUp([lost(), lost(), lost(), conflict]);

  await saver.save(); // reached BackCare, but no answer came back (three attempts)
  assert.equal(sent.length, 3);
  const [kept] = await store.read();
  assert.deepEqual([kept.clientId, kept.saveUrl, kept.user, kept.csrf], ["c-1", SAVE_URL, "k1", "tok"]);
  assert.equal(syncs.length, 1, "the worker is asked to send it when the network returns");
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
  assert.deepEqual(await store.read(), [], "saved: nothing left on the device");
  assert.equal(view.ui.finishSave.disabled, true, "Save again would only be refused again");
  assert.equal(timers.length, 1, "no background attempt after the 409");
});

test("a session kept from an earlier visit that answers 409 leaves the queue and is shown", async () => {
  const store = memoryQueueStore();
  await store.keep({ saveUrl: SAVE_URL, body: { client_id: "old", pain_after: 5, effort: 3, notes: "" }, user: "k1" });
  await store.keep({ saveUrl: "/routines/8/sessions/", body: { client_id: "other" }, user: "k1" });
  const conflict = answer(409, { url: "/h/4/", session: { ...STORED, client_id: "old", effort: 3 } });
  const { saver, sent, calls, timers } = setUp([conflict], { store });

  await saver.sendPending();
  assert.deepEqual(sent.map(([url, body]) => [url, body.client_id]), [[SAVE_URL, "old"]]);
  assert.deepEqual(calls, [["showPending", "/h/4/", ["pain_after"]]]);
  assert.deepEqual((await store.read()).map((entry) => entry.clientId), ["other"]);
  assert.deepEqual(timers, []);

  await saver.sendPending(); // the next visit sends nothing again
  assert.equal(sent.length, 1);
});

test("a session another person kept for this routine is not sent from this player", async () => {
  const store = memoryQueueStore();
  await store.keep({ saveUrl: SAVE_URL, body: { client_id: "theirs" }, user: "k2" });
  await store.keep({ saveUrl: SAVE_URL, body: { client_id: "tried" }, user: "" });
  const { saver, sent } = setUp([answer(201, { url: "/h/5/" })], { store, user: "k1" });
  await saver.sendPending();
  assert.deepEqual(sent.map(([, body]) => body.client_id), ["tried"]);
  assert.deepEqual((await store.read()).map((entry) => entry.clientId), ["theirs"]);
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
