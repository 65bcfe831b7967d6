// Person suggestions for the search box. Progressive enhancement: without this script the
// box is a plain search field and everything works.
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete]");
  var list = document.getElementById("person-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var lastWord = "";

  function currentWord() {
    var words = input.value.split(/\s+/);
    return (words[words.length - 1] || "").replace(/^person:"?/i, "");
  }

  function fill(results) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    results.forEach(function (person) {
      var option = document.createElement("option");
      // The value replaces the typed word with a person filter; textContent is never HTML.
      var words = input.value.split(/\s+/);
      words[words.length - 1] = person.query;
      option.value = words.join(" ");
      option.textContent = person.name + " (" + person.articles + ")";
      list.appendChild(option);
    });
  }

  input.addEventListener("input", function () {
    var word = currentWord();
    if (word.length < 2 || word === lastWord) { return; }
    lastWord = word;
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(word), {
        headers: { "Accept": "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { fill(data.results || []); })
        .catch(function () { /* suggestions are optional */ });
    }, 150);
  });
})();
