// Sign-up: send the browser's time zone with the form, so dates show in local time.
const field = document.querySelector('input[name="time_zone"]');
if (field && !field.value) {
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch {
    // Old browsers: the server falls back to UTC and the user can change it later.
  }
}
