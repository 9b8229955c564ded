// The browser's time zone: sent with the sign-up form, and offered in the preferences.
let browserZone = "";
try {
  browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
} catch {
  // Old browsers: the server falls back to UTC and the user can change it later.
}

// Sign-up: send it with the form, so dates show in local time from the start.
const field = document.querySelector('input[name="time_zone"]');
if (field && !field.value) field.value = browserZone;

// Preferences: a zone still at the UTC fallback is most likely unchosen; preselect the
// browser's and say so (nothing changes until the form is saved).
const select = document.querySelector('select[name="time_zone"]');
if (select && select.value === "UTC" && browserZone && browserZone !== "UTC") {
  const option = [...select.options].find((each) => each.value === browserZone);
  if (option) {
    option.selected = true;
    const help = document.getElementById(`${select.id}_helptext`);
    if (help) {
      help.append(` Your browser's time zone (${browserZone}) is chosen for you: save to keep it.`);
    }
  }
}
