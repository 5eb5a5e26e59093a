// Live progress, for pages that also show their numbers without JavaScript: the element with
// data-progress-url is refreshed from that JSON address every few seconds. Each element inside it
// with data-field="name" gets the value of "name"; a <progress> gets done/total; polling stops
// when the JSON says "finished": true. Same-origin requests only (the CSP allows nothing else).
(function () {
  "use strict";
  var root = document.querySelector("[data-progress-url]");
  if (!root || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-progress-url");
  var every = parseInt(root.getAttribute("data-progress-every") || "2000", 10);

  function show(data) {
    var fields = root.querySelectorAll("[data-field]");
    for (var i = 0; i < fields.length; i++) {
      var value = data[fields[i].getAttribute("data-field")];
      fields[i].textContent = value === null || value === undefined ? "" : String(value);
    }
    var bar = root.querySelector("progress");
    if (bar && typeof data.total === "number" && data.total > 0) {
      bar.max = data.total;
      bar.value = data.done;
      bar.textContent = data.done + " / " + data.total;
    }
    root.setAttribute("data-state", data.state || "");
  }

  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (!data.finished) {
          window.setTimeout(tick, every);
        }
      })
      .catch(function () {
        window.setTimeout(tick, every * 5);
      });
  }

  window.setTimeout(tick, every);
})();
