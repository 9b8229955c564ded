// Loaded in <head> on every page, before the body renders: marks the page as scripted so
// the CSS can show the menu expanded when JavaScript is off (see .no-js in app.css).
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js");
