// The safety check's first page, one group of questions at a time, so a phone shows a
// screenful instead of a long form. Without this script every group shows, one after
// another. Either way it is one form: hidden groups keep their answers and are sent with
// it, and the server checks every answer.
//
// One progress count ("Part 2 of 6") covers the whole check: the follow-up page counts when
// a yes leads to it. A ticked warning sign that needs a doctor now or today (listed in the
// fieldset's data-at-once) turns "Next" into "See the advice now": the server ends the check
// there. The last group's button says where it goes: "See my result", or "Next" when a yes
// leads to the follow-up page.
const form = document.querySelector("form.screening-form[data-steps]");
const steps = form ? [...form.querySelectorAll(".screening-step")] : [];

export function checkState(formElement) {
  const atOnce = [...formElement.querySelectorAll("fieldset[data-at-once]")].some((fieldset) => {
    const signs = fieldset.dataset.atOnce.split(" ");
    return [...fieldset.querySelectorAll("input:checked")].some((input) => signs.includes(input.value));
  });
  const followUp = [...formElement.querySelectorAll("fieldset[data-follow-up]")].some(
    (fieldset) => fieldset.querySelector('input[value="yes"]:checked') !== null,
  );
  return { atOnce, followUp };
}

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

  const atOnceStep = (index) => steps[index].querySelector("fieldset[data-at-once]") !== null;
  const nextButtons = [];
  const submitButton = form.querySelector(".screening-submit button");

  const update = () => {
    const { atOnce, followUp } = checkState(form);
    const total = steps.length + (followUp ? 1 : 0);
    progress.textContent = form.dataset.progress
      .replace("{n}", current + 1)
      .replace("{total}", atOnce && atOnceStep(current) ? current + 1 : total);
    nextButtons.forEach((next, index) => {
      if (!next) return;
      next.textContent = atOnce && atOnceStep(index) ? form.dataset.advice : form.dataset.next;
    });
    submitButton.textContent = atOnce ? form.dataset.advice : followUp ? form.dataset.next : form.dataset.result;
  };

  const show = (index, moveFocus) => {
    current = index;
    steps.forEach((step, i) => {
      step.hidden = i !== index;
    });
    update();
    if (moveFocus) {
      // The new group's question takes the focus, so a screen reader reads it next and
      // Tab goes on to its answers.
      const legend = steps[index].querySelector("legend");
      legend.tabIndex = -1;
      steps[index].scrollIntoView({ block: "start", behavior: "instant" });
      legend.focus({ preventScroll: true });
    }
  };

  const advance = (index) => {
    if (checkState(form).atOnce && atOnceStep(index)) {
      form.requestSubmit();
    } else {
      show(index + 1, true);
    }
  };

  const submit = form.querySelector(".screening-submit");
  steps.forEach((step, index) => {
    const nav = document.createElement("div");
    nav.className = "d-flex flex-wrap gap-2 screening-nav";
    if (index < steps.length - 1) {
      const next = button(form.dataset.next, "btn-primary", () => advance(index));
      nextButtons[index] = next;
      nav.append(next);
    } else {
      nav.append(...submit.children); // the form's own submit button, on the last group
    }
    if (index > 0) {
      nav.append(button(form.dataset.back, "btn-outline-secondary", () => show(index - 1, true)));
    }
    step.append(nav);
  });
  submit.remove();
  form.addEventListener("change", update);

  // Enter in a field moves on to the next group rather than sending a half-read form,
  // unless a warning sign ends the check here.
  form.addEventListener("submit", (event) => {
    const endsHere = checkState(form).atOnce && atOnceStep(current);
    if (current < steps.length - 1 && !endsHere) {
      event.preventDefault();
      show(current + 1, true);
    }
  });
  show(0, false);
}
