// The exercise figure: pause/resume and replay for its SVG (SMIL) animation.
// The animation itself needs no script; this only adds the controls, shown once it runs.

function setUp(figure) {
  const svg = figure.querySelector(".figure-animated");
  const controls = figure.querySelector("[data-figure-controls]");
  if (!svg || !controls || typeof svg.pauseAnimations !== "function") return;
  const pause = controls.querySelector("[data-figure-pause]");
  const replay = controls.querySelector("[data-figure-replay]");

  // A toggle button: its name stays "Pause", aria-pressed says whether it is paused.
  const show = (paused) => pause.setAttribute("aria-pressed", String(paused));

  pause.addEventListener("click", () => {
    if (svg.animationsPaused()) svg.unpauseAnimations();
    else svg.pauseAnimations();
    show(svg.animationsPaused());
  });
  replay.addEventListener("click", () => {
    svg.setCurrentTime(0);
    svg.unpauseAnimations();
    show(false);
  });
  // People who prefer less motion see the still keyframes instead: stop the hidden one.
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)");
  const follow = () => {
    if (reduce.matches) svg.pauseAnimations();
    else svg.unpauseAnimations();
    show(svg.animationsPaused());
  };
  reduce.addEventListener("change", follow);
  if (reduce.matches) follow();
  controls.hidden = false;
}

document.querySelectorAll("[data-figure]").forEach(setUp);
