// stegvis: a little script on top of pages that work without it. It hides
// questions whose condition does not hold, as the server does on submit,
// and saves a draft of a form while it is filled in.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function values(form, id) {
    var out = [];
    var h = form.elements["q." + id + ".h"], m = form.elements["q." + id + ".m"];
    if (h || m) {
      var hv = h ? h.value.trim() : "", mv = m ? m.value.trim() : "";
      if (hv !== "" || mv !== "") out.push({ v: String((parseInt(hv || "0", 10) * 60) + parseInt(mv || "0", 10)) });
      return out;
    }
    var els = form.querySelectorAll('[name="q.' + CSS.escape(id) + '"]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
      var v = el.value.trim();
      if (v !== "") out.push({ v: v, p: el.getAttribute("data-points") });
    }
    return out;
  }

  function holds(c, vals) {
    if (!vals.length) return false;
    var vs = vals.map(function (x) { return x.v; });
    if (c.equals && vs.indexOf(c.equals) < 0) return false;
    if (c.any_of && c.any_of.length && !vs.some(function (v) { return c.any_of.indexOf(v) >= 0; })) return false;
    if (c.above == null && c.at_least == null && c.below == null && c.at_most == null) return true;
    var n = 0;
    if (vals[0].p != null) {
      for (var i = 0; i < vals.length; i++) n += parseFloat(vals[i].p);
    } else {
      n = parseFloat(String(vals[0].v).replace(",", "."));
    }
    if (isNaN(n)) return false;
    return (c.above == null || n > c.above) && (c.at_least == null || n >= c.at_least) &&
      (c.below == null || n < c.below) && (c.at_most == null || n <= c.at_most);
  }

  function applyConditions(form) {
    var shown = {};
    var qs = form.querySelectorAll(".q[data-q]");
    for (var i = 0; i < qs.length; i++) {
      var q = qs[i], id = q.getAttribute("data-q"), raw = q.getAttribute("data-show-if");
      var vis = true;
      if (raw) {
        var c = JSON.parse(raw);
        if (c.question) vis = shown[c.question] !== false && holds(c, values(form, c.question));
      }
      shown[id] = vis;
      q.classList.toggle("cond-off", !vis);
      q.hidden = !vis;
    }
  }

  function autosave(form) {
    var url = form.getAttribute("data-draft"), timer = null, status = form.querySelector(".draft-status");
    if (!url || !window.fetch) return;
    var submitting = false, last = new URLSearchParams(new FormData(form)).toString();
    // Each save is a command of its own: it posts the form's idempotency
    // key with a number of its own, so the server applies each save once
    // and none of them takes the key the submit will post.
    var keyField = form.querySelector('input[name="idem"]'), saves = 0;
    form.addEventListener("submit", function () { submitting = true; });
    function save() {
      if (submitting) return;
      var body = new URLSearchParams(new FormData(form));
      if (body.toString() === last) return; // nothing new to keep
      last = body.toString();
      if (keyField && keyField.value) body.set("idem", keyField.value + ".d" + (++saves));
      fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) { if (j && j.message && status) status.textContent = j.message; })
        .catch(function () {});
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 1500); });
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(save, 800); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form.qform");
    for (var i = 0; i < forms.length; i++) {
      (function (form) {
        applyConditions(form);
        form.addEventListener("input", function () { applyConditions(form); });
        form.addEventListener("change", function () { applyConditions(form); });
        autosave(form);
      })(forms[i]);
    }
    // A message's text is kept as a draft while it is written.
    var msgs = document.querySelectorAll("form.message-form[data-draft]");
    for (var j = 0; j < msgs.length; j++) autosave(msgs[j]);
    var errs = document.getElementById("form-errors");
    if (errs) errs.focus();
  });
})();
