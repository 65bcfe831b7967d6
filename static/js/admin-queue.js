// Review queues (suggested tags, candidate people, suggested events): with rows ticked,
// "a" accepts them (accept / promote) and "r" rejects them (reject / dismiss), as the
// action menu and its Go button do. Nothing happens while typing in a field.
// (Admin media load in the page's head: wait for the page.)
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.getElementById("changelist-form");
  var select = form && form.querySelector("select[name=action]");
  if (!select) { return; }
  var patterns = { a: /^(accept|promote)/, r: /^(reject|dismiss)/ };
  document.addEventListener("keydown", function (event) {
    var pattern = patterns[event.key];
    var target = event.target;
    if (!pattern || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName) && target.type !== "checkbox") { return; }
    if (!form.querySelector("input.action-select:checked")) { return; }
    var option = Array.prototype.find.call(select.options, function (o) { return pattern.test(o.value); });
    if (!option) { return; }
    event.preventDefault();
    select.value = option.value;
    var go = form.querySelector(".actions button[type=submit]");
    if (go) { go.click(); } else { form.submit(); }
  });
});
