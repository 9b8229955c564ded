// Sound and voice cues (static/js/player-cues.js), without a browser: the switches start from
// the preferences, voice needs speech synthesis, sound starts only after a tap, and a browser
// that refuses either is no error.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import { createCues } from "../../static/js/player-cues.js";
import { fakeDocument, install } from "./dom.js";

let restore = () => {};
afterEach(() => restore());

/** A browser with (or without) speech and audio; what each was asked to do. */
function browser({ speech = true, audio = true, refuse = false } = {}) {
  const done = { spoken: [], cancelled: 0, tones: [], contexts: 0 };
  const window = {};
  if (speech) {
    window.speechSynthesis = {
      cancel: () => { done.cancelled += 1; },
      speak: (utterance) => {
        if (refuse) throw new Error("not allowed");
        done.spoken.push([utterance.text, utterance.lang]);
      },
    };
  }
  if (audio) {
    window.AudioContext = class {
      constructor() {
        if (refuse) throw new Error("not allowed");
        done.contexts += 1;
        this.state = "running";
        this.currentTime = 0;
        this.destination = {};
      }

      createOscillator() {
        const oscillator = {
          frequency: {},
          connect: (gain) => gain,
          start: () => done.tones.push(oscillator.frequency.value),
          stop: () => {},
        };
        return oscillator;
      }

      createGain() {
        const ramp = () => {};
        return {
          gain: { setValueAtTime: ramp, exponentialRampToValueAtTime: ramp },
          connect: (node) => node,
        };
      }
    };
  }
  const document = fakeDocument();
  document.documentElement.lang = "en-GB";
  restore = install({
    window,
    document,
    SpeechSynthesisUtterance: class { constructor(text) { this.text = text; } },
  });
  return done;
}

test("the switches start from the person's preferences", () => {
  browser();
  const on = createCues({ sound: true, voice: true });
  const off = createCues({ sound: false, voice: false });
  assert.deepEqual([on.sound, on.voice, off.sound, off.voice], [true, true, false, false]);
});

test("voice is off where the browser cannot speak, whatever the preference", () => {
  browser({ speech: false });
  assert.equal(createCues({ voice: true }).voice, false);
});

test("sound starts only after a tap, then every cue beeps", () => {
  const done = browser();
  const cues = createCues({ sound: true });
  cues.stepBeep(); // no tap yet: browsers let no page make sound before one
  assert.deepEqual(done.tones, []);
  cues.ensureAudio();
  cues.ensureAudio();
  cues.stepBeep();
  cues.countdownBeep();
  assert.equal(done.contexts, 1);
  assert.deepEqual(done.tones, [880, 660]); // the step's beep is higher than the countdown's
});

test("switching sound off silences the beeps, switching it on starts the audio", () => {
  const done = browser();
  const cues = createCues({ sound: false });
  cues.ensureAudio();
  cues.stepBeep();
  assert.deepEqual([done.contexts, done.tones], [0, []]);
  assert.equal(cues.toggleSound(), true); // a tap on the switch: audio may start now
  cues.stepBeep();
  assert.deepEqual([done.contexts, done.tones], [1, [880]]);
  assert.equal(cues.toggleSound(), false);
  cues.stepBeep();
  assert.deepEqual(done.tones, [880]);
});

test("the voice says each cue once, in the page's language, cutting the one before", () => {
  const done = browser();
  const cues = createCues({ voice: true });
  cues.say("Get ready");
  cues.say("");
  assert.deepEqual(done.spoken, [["Get ready", "en-GB"]]);
  assert.equal(done.cancelled, 1);
});

test("switching the voice off stops it at once and says nothing more", () => {
  const done = browser();
  const cues = createCues({ voice: true });
  assert.equal(cues.toggleVoice(), false);
  assert.equal(done.cancelled, 1);
  cues.say("Rest");
  assert.deepEqual(done.spoken, []);
  assert.equal(cues.toggleVoice(), true);
  cues.say("Rest");
  assert.deepEqual(done.spoken, [["Rest", "en-GB"]]);
});

test("a browser that refuses sound or speech is no error: the screen still shows it all", () => {
  const done = browser({ refuse: true });
  const cues = createCues({ sound: true, voice: true });
  cues.ensureAudio();
  cues.stepBeep();
  cues.say("Get ready");
  cues.hush();
  assert.deepEqual([done.contexts, done.tones, done.spoken], [0, [], []]);
});
