/* welcome: the small behaviours of the layout (no inline script: the CSP forbids it).
   - focus: to the error summary of a form that failed (on load and after an htmx swap), to the
     success message after an in-place save; a summary link focuses its field
   - confirmation dialog before irreversible steps: forms with data-confirm="question"
   - wide tables scroll inside their own region (keyboard-focusable, named by the caption)
   - the navigation disclosure is open on wide screens
   Every page works without it. */
(function () {
  "use strict";

  function focusFirst(root) {
    var target = root.querySelector("[data-error-summary]") || root.querySelector("[data-saved]");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
      return true;
    }
    return false;
  }

  function fieldTarget(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    if (el.matches("input, select, textarea, button")) return el;
    var box = el.closest("fieldset, .field") || el;
    return box.querySelector("input, select, textarea") || null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[data-field]");
    if (!link) return;
    var field = fieldTarget(link.getAttribute("data-field"));
    if (!field) return;
    event.preventDefault();
    var label = document.querySelector('label[for="' + field.id + '"]');
    (label || field).scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  });

  /* ---- tables: a scroll region of their own */
  function wrapTables(root) {
    root.querySelectorAll("table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent && parent.matches(".table-wrap, .scroll, .scroll-x")) {
        parent.classList.add("table-wrap");
      } else {
        var wrap = document.createElement("div");
        wrap.className = "table-wrap";
        table.parentNode.insertBefore(wrap, table);
        wrap.appendChild(table);
        parent = wrap;
      }
    });
    scrollRegions(root);
  }

  // a table wider than its region can be scrolled by keyboard: the region takes the focus and
  // is named by the table's caption (or its section's heading)
  function scrollRegions(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var table = wrap.querySelector("table");
      if (!table) return;
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (wrap.getAttribute("tabindex") === "0") return;
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = table.querySelector("caption");
        var section = table.closest("section");
        var heading = section && section.querySelector("h2, h3");
        var name = (caption && caption.textContent) || (heading && heading.textContent) || document.title;
        wrap.setAttribute("aria-label", name.trim());
      } else if (wrap.getAttribute("tabindex") === "0" && wrap.hasAttribute("data-scroll-region")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
      if (wrap.getAttribute("tabindex") === "0") wrap.setAttribute("data-scroll-region", "");
    });
  }

  /* ---- confirmation of irreversible steps */
  var pending = null;
  function confirmDialog() { return document.getElementById("confirm-dialog"); }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-confirm") || form.dataset.confirmed === "yes") return;
    var dialog = confirmDialog();
    if (!dialog || typeof dialog.showModal !== "function") return; // the required checkbox guards
    event.preventDefault();
    event.stopImmediatePropagation();
    pending = { form: form, submitter: event.submitter || null };
    dialog.querySelector("#confirm-dialog-text").textContent = form.getAttribute("data-confirm");
    var ok = dialog.querySelector("#confirm-dialog-ok .kern-label");
    ok.textContent = form.getAttribute("data-confirm-button") || ok.getAttribute("data-default") || ok.textContent;
    dialog.returnValue = "";
    dialog.showModal();
  }, true);

  function setUpDialog() {
    var dialog = confirmDialog();
    if (!dialog) return;
    var ok = dialog.querySelector("#confirm-dialog-ok .kern-label");
    ok.setAttribute("data-default", ok.textContent);
    dialog.addEventListener("close", function () {
      var p = pending;
      pending = null;
      if (!p) return;
      if (dialog.returnValue === "confirm") {
        p.form.dataset.confirmed = "yes";
        p.form.querySelectorAll("[data-confirm-fallback] input[type=checkbox]").forEach(function (box) { box.checked = true; });
        if (p.form.requestSubmit) p.form.requestSubmit(p.submitter || undefined); else p.form.submit();
      } else {
        (p.submitter || p.form.querySelector("[type=submit]") || p.form).focus();
      }
    });
  }

  function hideFallbacks(root) {
    // with the dialog at hand the checkbox is not needed: it is ticked when the dialog confirms
    if (!confirmDialog() || typeof confirmDialog().showModal !== "function") return;
    root.querySelectorAll("[data-confirm-fallback]").forEach(function (box) {
      box.hidden = true;
      box.querySelectorAll("input[required]").forEach(function (i) { i.required = false; });
    });
  }

  /* ---- navigation: always open on wide screens */
  var wide = window.matchMedia("(min-width: 768px)");
  function syncNav() {
    var menu = document.querySelector(".nav-menu");
    if (menu && wide.matches) menu.open = true;
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { scrollRegions(document); }, 100);
  });

  function enhance(root) {
    wrapTables(root);
    hideFallbacks(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    syncNav();
    if (wide.addEventListener) wide.addEventListener("change", syncNav);
    setUpDialog();
    enhance(document);
    focusFirst(document);
  });

  // htmx: the swapped part is enhanced, and the focus goes to its summary or success message
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail && event.detail.elt;
    if (!root || !root.isConnected) root = document;
    enhance(root);
    if (!focusFirst(root) && root !== document) {
      var target = event.detail.target;
      if (target && target.isConnected) focusFirst(target);
    }
  });
})();
