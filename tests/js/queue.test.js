// Sending a session and the save queue's rules (static/js/player-queue.js), without a
// browser: a session stays queued on a network error and on a server error, and leaves only
// once stored or refused for good. Where it is kept: store.test.js.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  backgroundDelay, changedFields, classify, newClientId, post, sendWithRetries,
} from "../../static/js/player-queue.js";

const body = (id, extra = {}) => ({ client_id: id, notes: "", ...extra });

test("answers: stored, refused for good, logged out, server error", () => {
  assert.deepEqual(classify(200, { url: "/h/1/" }), { ok: true, url: "/h/1/" });
  const refused = classify(400, { errors: { items: [{ message: "Bad item." }], notes: ["Long."] } });
  assert.equal(refused.drop, true);
  assert.equal(refused.retry, false);
  assert.match(refused.message, /Bad item\. Long\./);
  assert.equal(classify(403, {}).retry, false);
  assert.equal(classify(403, {}).drop, false);
  const unsafe = classify(403, { errors: { safety: ["Not now."] }, url: "/safety/result/" });
  assert.equal(unsafe.drop, true, "a save the safety check refuses is never sent again");
  assert.match(unsafe.message, /Not now\./);
  const busy = classify(429, { errors: { rate: ["Wait a minute."] } });
  assert.equal(busy.drop, false, "a rate-limited save stays queued");
  assert.match(busy.message, /Wait a minute\./);
  for (const status of [500, 502, 503, 504]) {
    const down = classify(status, {});
    assert.equal(down.retry, true, `${status} is retried`);
    assert.equal(down.drop, false, `${status} keeps the session queued`);
    assert.equal(down.serverDown, true);
  }
  assert.equal(classify(200, {}).ok, false); // no url: not known to be stored
});

test("409: already saved with other content leaves the queue, with the saved session", () => {
  const stored = { client_id: "a", pain_after: 2, effort: null, notes: "" };
  const conflict = classify(409, { errors: { client_id: ["Taken."] }, url: "/h/4/", session: stored });
  assert.equal(conflict.ok, false);
  assert.equal(conflict.conflict, true);
  assert.equal(conflict.drop, true, "it is saved: it must not stay queued");
  assert.equal(conflict.retry, false, "sending it again would be refused again");
  assert.equal(conflict.serverDown, false);
  assert.equal(conflict.url, "/h/4/");
  assert.deepEqual(conflict.stored, stored);
  // Without a link on this site it is not known to be saved: kept, as any unknown answer.
  for (const url of [undefined, "https://elsewhere.example/h/4/", "//elsewhere.example/", "javascript:x"]) {
    const unknown = classify(409, { url });
    assert.equal(unknown.conflict, undefined, String(url));
    assert.equal(unknown.drop, false, String(url));
  }
});

test("the later changes are the form's fields that differ from the saved session", () => {
  const stored = { pain_after: 2, effort: null, notes: "", started_at: "x" };
  assert.deepEqual(changedFields({ pain_after: 4, effort: null, notes: "Easier.", started_at: "y" },
    stored), ["pain_after", "notes"]);
  assert.deepEqual(changedFields({ pain_after: 2, effort: 5, notes: "" }, stored), ["effort"]);
  assert.deepEqual(changedFields({ pain_after: 2, notes: "" }, stored), []); // null and absent agree
  assert.deepEqual(changedFields({ pain_after: 4 }, null), []);
});

test("post sends JSON with the CSRF token and survives a network error or a non-JSON body", async () => {
  const calls = [];
  const fetchOk = async (url, options) => {
    calls.push([url, options]);
    return { status: 200, json: async () => ({ url: "/h/9/" }) };
  };
  assert.deepEqual(await post(fetchOk, "/s/", body("a"), "tok"), { ok: true, url: "/h/9/" });
  assert.equal(calls[0][1].headers["X-CSRFToken"], "tok");
  assert.deepEqual(JSON.parse(calls[0][1].body), body("a"));
  const offline = await post(async () => { throw new TypeError("Failed to fetch"); }, "/s/", body("a"), "");
  assert.equal(offline.retry, true);
  assert.equal(offline.serverDown, false);
  const html503 = await post(async () => ({ status: 503, json: async () => { throw new SyntaxError("html"); } }),
    "/s/", body("a"), "");
  assert.equal(html503.retry, true);
  assert.equal(html503.serverDown, true);
});

test("retries wait between attempts and stop at the first answer that settles it", async () => {
  const waits = [];
  const answers = [classify(503, {}), classify(503, {}), { ok: true, url: "/h/1/" }];
  let sent = 0;
  const result = await sendWithRetries(async () => answers[sent++], {
    wait: async (ms) => { waits.push(ms); }, isOffline: () => false, delays: [0, 2000, 5000],
  });
  assert.equal(result.ok, true);
  assert.equal(sent, 3);
  assert.deepEqual(waits, [2000, 5000]);

  sent = 0;
  const refused = await sendWithRetries(async () => { sent += 1; return classify(400, {}); },
    { wait: async () => {}, isOffline: () => false, delays: [0, 2000, 5000] });
  assert.equal(refused.drop, true);
  assert.equal(sent, 1);

  sent = 0;
  await sendWithRetries(async () => { sent += 1; return classify(0, {}); },
    { wait: async () => { throw new Error("must not wait offline"); }, isOffline: () => true });
  assert.equal(sent, 1);
});

test("background attempts back off to a minute and stay there", () => {
  assert.deepEqual([0, 1, 2, 3, 50].map(backgroundDelay), [15_000, 30_000, 60_000, 60_000, 60_000]);
});

test("client ids are version 4 UUIDs, with or without crypto.randomUUID", () => {
  const pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(newClientId(), pattern);
  const noRandomUUID = { getRandomValues: (a) => globalThis.crypto.getRandomValues(a) };
  const ids = new Set(Array.from({ length: 50 }, () => newClientId(noRandomUUID)));
  assert.equal(ids.size, 50);
  for (const id of ids) assert.match(id, pattern);
});
