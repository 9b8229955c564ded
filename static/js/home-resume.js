// Home page: offer to resume a routine left part-way through in the player.
//
// Reads the player's saved state (contract in the player: localStorage key
// "backcare:player-state", JSON with version 1, routineId, routineName, playUrl, savedAt in
// epoch ms). A state that is unreadable, of another version, older than six hours or
// pointing off this site is removed and nothing is offered. Without a state, or without
// JavaScript, the block stays hidden.

import { MAX_AGE_MS, STATE_KEY, STATE_VERSION } from "./player-resume.js";

/** {name, url} to offer, or null. Pure, so it can be checked without a browser. */
export function resumeOffer(raw, now) {
  let state;
  try {
    state = JSON.parse(raw || "null");
  } catch {
    return null;
  }
  if (!state || typeof state !== "object" || state.version !== STATE_VERSION) return null;
  const age = now - Number(state.savedAt);
  if (!Number.isFinite(age) || age < 0 || age > MAX_AGE_MS) return null;
  const url = String(state.playUrl || "");
  // Only a path on this site: never another origin or a javascript: URL.
  if (!/^\/(?![/\\])/.test(url)) return null;
  const name = String(state.routineName || "").trim();
  if (!name || !Number.isInteger(state.routineId)) return null;
  return { name, url };
}

function show() {
  const block = document.getElementById("resume-offer");
  if (!block) return;
  let raw = null;
  try {
    raw = window.localStorage.getItem(STATE_KEY);
  } catch {
    return; // storage disabled: nothing to resume
  }
  if (raw === null) return;
  const offer = resumeOffer(raw, Date.now());
  if (!offer) {
    try {
      window.localStorage.removeItem(STATE_KEY);
    } catch {
      // nothing to clean up
    }
    return;
  }
  block.querySelector("[data-resume-name]").textContent = offer.name;
  block.querySelector("[data-resume-link]").href = offer.url;
  block.hidden = false;
}

if (typeof document !== "undefined") show();
