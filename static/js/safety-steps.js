// The safety check's first page, one group of questions at a time, so a phone shows a
// screenful instead of a long form. Without this script every group shows, one after
// another. Either way it is one form: hidden groups keep their answers and are sent with
// it, and the server checks every answer.
const form = document.querySelector("form.screening-form[data-steps]");
const steps = form ? [...form.querySelectorAll(".screening-step")] : [];

// After a refused answer the server shows every group with its message: keep them all.
if (steps.length > 1 && !form.querySelector(".alert-danger")) {
  let current = 0;
  const progress = document.createElement("p");
  progress.className = "text-body-secondary small mb-2";
  progress.id = "screening-progress";
  form.insertBefore(progress, steps[0]);

  const button = (label, className, onClick) => {
    const element = document.createElement("button");
    element.type = "button";
    element.className = `btn btn-lg ${className}`;
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  };

  const show = (index, moveFocus) => {
    current = index;
    steps.forEach((step, i) => {
      step.hidden = i !== index;
    });
    progress.textContent = form.dataset.progress
      .replace("{n}", index + 1)
      .replace("{total}", steps.length);
    if (moveFocus) {
      // The new group's question takes the focus, so a screen reader reads it next and
      // Tab goes on to its answers.
      const legend = steps[index].querySelector("legend");
      legend.tabIndex = -1;
      steps[index].scrollIntoView({ block: "start", behavior: "instant" });
      legend.focus({ preventScroll: true });
    }
  };

  const submit = form.querySelector(".screening-submit");
  steps.forEach((step, index) => {
    const nav = document.createElement("div");
    nav.className = "d-flex flex-wrap gap-2 screening-nav";
    if (index < steps.length - 1) {
      nav.append(button(form.dataset.next, "btn-primary", () => show(index + 1, true)));
    } else {
      nav.append(...submit.children); // the form's own submit button, on the last group
    }
    if (index > 0) {
      nav.append(button(form.dataset.back, "btn-outline-secondary", () => show(index - 1, true)));
    }
    step.append(nav);
  });
  submit.remove();

  // Enter in a field moves on to the next group rather than sending a half-read form.
  form.addEventListener("submit", (event) => {
    if (current < steps.length - 1) {
      event.preventDefault();
      show(current + 1, true);
    }
  });
  show(0, false);
}
