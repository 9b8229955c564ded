// The session being played: its clock, its id, when it began on the wall clock and the
// exercises stopped for pain. It turns into the JSON the server stores (`body`) and into
// the state kept on this device for resuming (`toState` / `fromState`). No DOM.

import * as clock from "./player-clock.js";
import { newClientId } from "./player-queue.js";
import { itemRecords } from "./player-steps.js";

export function createSession(plan) {
  const { steps, items } = plan;
  const session = {
    timeline: clock.createTimeline(steps),
    wallStartedAt: null, // Date.now() at Start, for the session's own times
    clientId: null,
    stoppedItems: new Set(),
    checkIn: plan.checkIn ?? {},
    painBefore: plan.painBefore ?? null,
  };

  return Object.assign(session, {
    start(at, wallNow = Date.now()) {
      session.timeline = clock.start(session.timeline, at);
      session.wallStartedAt = wallNow;
      session.clientId = newClientId();
    },

    records(at, timeline = session.timeline) {
      return itemRecords(steps, items, clock.historyAt(timeline, at), session.stoppedItems);
    },

    /** What the server stores; the clock stops for good. */
    body(at, fields) {
      session.timeline = clock.end(session.timeline, at);
      const { timeline, wallStartedAt } = session;
      return {
        client_id: session.clientId,
        started_at: new Date(wallStartedAt).toISOString(),
        finished_at: new Date(wallStartedAt + clock.wallMs(timeline, at)).toISOString(),
        planned_seconds: plan.plannedSeconds,
        actual_seconds: Math.round(clock.activeMs(timeline, at) / 1000),
        pain_before: session.painBefore,
        check_in: session.checkIn,
        items: session.records(at),
        ...fields,
      };
    },

    /** The state kept for resuming (player-resume.js adds version and savedAt). */
    toState(at, extra) {
      return {
        routineId: plan.routine.id, routineName: plan.routine.name, ...extra,
        clientId: session.clientId, wallStartedAt: session.wallStartedAt,
        snapshot: clock.snapshot(session.timeline, at), stoppedItems: [...session.stoppedItems],
        checkIn: session.checkIn, painBefore: session.painBefore,
      };
    },

    /** Stand where `state` was taken, paused; the time away counts as a pause. */
    fromState(state, at, wallNow = Date.now()) {
      session.clientId = state.clientId;
      session.wallStartedAt = state.wallStartedAt;
      session.timeline = clock.restore(steps, state.snapshot, at,
                                       Math.max(0, wallNow - state.wallStartedAt));
      session.stoppedItems = new Set(state.stoppedItems ?? []);
      session.checkIn = state.checkIn ?? {};
      session.painBefore = state.painBefore ?? null;
    },
  });
}
