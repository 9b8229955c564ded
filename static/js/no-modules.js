// Only browsers that cannot run ES modules load this (`nomodule` in base.html): the pages'
// behaviour lives in modules, so they get the pages as without JavaScript (.no-js in app.css),
// e.g. the player's routine as a list with a form to log it.
document.documentElement.classList.add("no-js");
