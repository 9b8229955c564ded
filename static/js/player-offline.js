// The player page's offline check-in (player-check-in.js): a player opened offline, or
// served from the worker's cache, asks today's check-in again before it can start.

import { checkInIfKept } from "./player-check-in.js";

checkInIfKept(document, navigator);
