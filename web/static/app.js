// ttgraph: tiny progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.querySelectorAll("select.autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  var province = document.getElementById("province");
  var village = document.getElementById("village");
  if (province && village && province.dataset.villages) {
    province.addEventListener("change", function () {
      var first = village.options[0];
      village.replaceChildren(first);
      if (!province.value) { return; }
      fetch(province.dataset.villages + "?province=" + encodeURIComponent(province.value),
            { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          (data.villages || []).forEach(function (v) {
            var opt = document.createElement("option");
            opt.value = v.id; opt.textContent = v.name;
            village.appendChild(opt);
          });
        })
        .catch(function () { /* the form still works: the server fills villages on submit */ });
    });
  }
})();
