// Sound and voice cues. Each may be missing or refuse (headless browsers, old phones, power
// saving): they are extras, so every call is guarded and a refusal is silently ignored.

export function createCues({ sound, voice }) {
  const state = {
    sound: Boolean(sound),
    voice: Boolean(voice) && "speechSynthesis" in window,
    audio: null,
  };

  /** Browsers only let a page make sound after a tap, so this runs from click handlers. */
  function ensureAudio() {
    if (state.audio || !state.sound) return;
    const AudioContext = window.AudioContext || window.webkitAudioContext;
    if (!AudioContext) return;
    try {
      state.audio = new AudioContext();
    } catch {
      state.audio = null;
    }
  }

  function tone(frequency, seconds, volume = 0.2) {
    const audio = state.audio;
    if (!state.sound || !audio) return;
    try {
      if (audio.state === "suspended") audio.resume().catch(() => {});
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      const at = audio.currentTime;
      oscillator.frequency.value = frequency;
      // A quick fade in and out avoids clicks.
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(volume, at + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + seconds + 0.02);
    } catch {
      // No sound this time; the screen still shows everything.
    }
  }

  function say(text) {
    if (!state.voice || !text) return;
    try {
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      // The page's language, and a voice that speaks it when the device has one.
      const lang = document.documentElement.lang || "en";
      utterance.lang = lang;
      const voice = window.speechSynthesis.getVoices?.()
        .find((candidate) => candidate.lang?.toLowerCase().startsWith(lang.toLowerCase()));
      if (voice) utterance.voice = voice;
      window.speechSynthesis.speak(utterance);
    } catch {
      // Speech is optional.
    }
  }

  function hush() {
    try {
      if ("speechSynthesis" in window) window.speechSynthesis.cancel();
    } catch {
      // Nothing to stop.
    }
  }

  return {
    get sound() { return state.sound; },
    get voice() { return state.voice; },
    toggleSound() {
      state.sound = !state.sound;
      ensureAudio();
      return state.sound;
    },
    toggleVoice() {
      state.voice = !state.voice;
      if (!state.voice) hush();
      return state.voice;
    },
    ensureAudio,
    hush,
    say,
    stepBeep: () => tone(880, 0.25),
    countdownBeep: () => tone(660, 0.08, 0.15),
    finishTune() {
      tone(523, 0.2);
      setTimeout(() => tone(784, 0.35), 220);
    },
  };
}
