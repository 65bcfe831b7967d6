// On a phone the filters sit above the results, folded under "Filter the results" so the
// first result shows at once. Without this script they stay open (and still come first).
(function () {
  "use strict";
  var details = document.querySelector(".facets-disclosure");
  if (!details || !window.matchMedia) { return; }
  if (window.matchMedia("(max-width: 48rem)").matches) { details.removeAttribute("open"); }
}());
