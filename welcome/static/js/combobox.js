// One accessible combobox for every picker (WAI-ARIA APG "combobox with listbox popup").
// Without JavaScript the field stays what the server rendered: a plain <select> (short lists)
// or a text field the server understands (names or codes, comma-separated for several).
// With it: type to filter, ArrowDown/ArrowUp to move, Enter to pick, Escape to close,
// Backspace on an empty field removes the last chip. Loaded as a module: once per page.
//
//   <select data-combobox>                         options from the select itself
//   <input data-combobox data-source="/pickers/x">  the whole list fetched once, filtered here
//   <input data-combobox data-search="/pickers/y">  the server searches (?q=…) as one types
//   data-multiple: several values as chips; data-chips='[["SY","Syrien"]]' the chosen ones;
//   data-value: the code of a single field whose text shows its name.
//   data-search-with="version=sector_version": the search also sends ?version= with the value
//   of the form's field sector_version (several pairs separated by spaces).

const MAX_SHOWN = 50;
let counter = 0;

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/ß/g, "ss");
}

function rank(item, wanted) {
  if (!wanted) return 1;
  const label = fold(item.label);
  if (fold(item.value) === wanted) return 4;
  if (label.startsWith(wanted)) return 3;
  if (label.split(/[\s/(,-]+/).some((w) => w.startsWith(wanted))) return 2;
  return label.includes(wanted) ? 1 : 0;
}

function make(tag, attrs, text) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

class Combobox {
  constructor(field) {
    this.field = field;
    this.id = `cb-${++counter}`;
    this.multiple = field.hasAttribute("data-multiple");
    this.search = field.dataset.search || "";
    this.source = field.dataset.source || "";
    this.items = null; // the whole list (select or source), loaded once
    this.shown = [];
    this.active = -1;
    this.timer = 0;
    this.asked = 0;
    this.name = field.getAttribute("name");
    this.wrap = make("div", { class: "cb" });
    field.parentNode.insertBefore(this.wrap, field);
    if (field.tagName === "SELECT") this.fromSelect(field);
    else this.fromInput(field);
    this.build();
  }

  fromSelect(select) {
    // the select leaves the form; a hidden field carries its value
    this.items = [...select.options]
      .filter((o) => o.value)
      .map((o) => ({ value: o.value, label: o.textContent.trim() }));
    const chosen = select.options[select.selectedIndex];
    this.input = make("input", { type: "text", id: select.id });
    for (const a of ["required", "aria-invalid", "aria-describedby"]) {
      if (select.hasAttribute(a)) this.input.setAttribute(a, select.getAttribute(a));
    }
    this.input.value = chosen && chosen.value ? chosen.textContent.trim() : "";
    this.hidden = make("input", { type: "hidden", name: this.name, value: select.value });
    select.remove();
  }

  fromInput(input) {
    this.input = input;
    input.removeAttribute("name");
    if (this.multiple) {
      this.chosen = JSON.parse(input.dataset.chips || "[]");
      input.value = "";
    } else {
      this.hidden = make("input", {
        type: "hidden",
        name: this.name,
        value: input.dataset.value || input.value,
      });
    }
  }

  build() {
    const input = this.input;
    const list = make("ul", { role: "listbox", id: `${this.id}-list`, class: "cb-list" });
    list.hidden = true;
    const labelled = document.querySelector(`label[for="${input.id}"]`);
    if (labelled) {
      if (!labelled.id) labelled.id = `${this.id}-label`;
      list.setAttribute("aria-labelledby", labelled.id);
    }
    this.list = list;
    this.status = make("div", { class: "cb-status", "aria-live": "polite" });
    Object.entries({
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": list.id,
      autocomplete: "off",
    }).forEach(([k, v]) => input.setAttribute(k, v));
    if (this.multiple) {
      this.chips = make("ul", { class: "cb-chips" });
      this.wrap.append(this.chips);
      (this.chosen || []).forEach(([value, label]) => this.addChip(value, label));
    }
    this.wrap.append(input, list, this.status);
    if (this.hidden) this.wrap.append(this.hidden);
    input.addEventListener("input", () => this.typed());
    input.addEventListener("keydown", (e) => this.key(e));
    input.addEventListener("focus", () => this.load());
    input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    list.addEventListener("mousedown", (e) => e.preventDefault()); // keep the focus
    list.addEventListener("click", (e) => {
      const li = e.target.closest("[role=option]");
      if (li) this.pick(Number(li.dataset.index));
    });
    const form = input.form;
    if (form && this.multiple) form.addEventListener("submit", () => this.keepTyped());
  }

  load() {
    // the whole list once (a select's options, or the source); every caller waits for it
    if (!this.loading) {
      if (this.items || this.search || !this.source) {
        this.loading = Promise.resolve();
      } else {
        this.loading = fetch(this.source, { headers: { Accept: "application/json" } })
          .then((answer) => answer.json())
          .then((body) => {
            this.items = body.items;
          })
          .catch(() => {
            this.items = []; // the field still takes a typed name or code
          });
      }
    }
    return this.loading;
  }

  typed() {
    if (this.hidden && !this.multiple) this.hidden.value = this.input.value; // the server checks it
    if (this.search) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.ask(), 180);
    } else {
      this.filter();
    }
  }

  async ask() {
    const q = this.input.value.trim();
    if (q.length < 2) return this.close();
    const asked = ++this.asked;
    const sep = this.search.includes("?") ? "&" : "?";
    const answer = await fetch(`${this.search}${sep}q=${encodeURIComponent(q)}${this.withParams()}`, {
      headers: { Accept: "application/json" },
    });
    if (asked !== this.asked || !answer.ok) return;
    this.show((await answer.json()).items);
  }

  withParams() {
    // other fields of the form the search depends on (the WZ version of a sector)
    const pairs = (this.input.dataset.searchWith || "").split(/\s+/).filter(Boolean);
    const form = this.input.form;
    return pairs
      .map((pair) => {
        const [param, field] = pair.split("=");
        const el = form && form.elements.namedItem(field || param);
        const value = el && "value" in el ? el.value : "";
        return value ? `&${encodeURIComponent(param)}=${encodeURIComponent(value)}` : "";
      })
      .join("");
  }

  filter() {
    if (!this.items) {
      if (this.source) this.load().then(() => this.items && this.filter());
      return;
    }
    const wanted = fold(this.input.value.trim());
    const taken = new Set(this.takenValues());
    const found = this.items
      .map((item, i) => [rank(item, wanted), i, item])
      .filter(([r, , item]) => r > 0 && !taken.has(item.value));
    found.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    this.show(found.map(([, , item]) => item));
  }

  takenValues() {
    return this.multiple ? [...this.chips.querySelectorAll("input")].map((i) => i.value) : [];
  }

  show(items) {
    this.shown = items.slice(0, MAX_SHOWN);
    this.list.replaceChildren(
      ...this.shown.map((item, i) => {
        const li = make("li", { role: "option", id: `${this.id}-o${i}`, "aria-selected": "false" });
        li.dataset.index = String(i);
        li.textContent = item.label;
        if (item.hint) li.append(make("span", { class: "cb-hint" }, ` ${item.hint}`));
        return li;
      }),
    );
    const open = this.shown.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
    this.move(open && this.input.value.trim() ? 0 : -1);
    this.status.textContent = open ? this.countText(items.length) : "";
  }

  countText(n) {
    const de = (document.documentElement.lang || "de").startsWith("de");
    if (de) return n === 1 ? "1 Treffer" : `${n} Treffer`;
    return n === 1 ? "1 result" : `${n} results`;
  }

  move(index) {
    const options = this.list.children;
    if (this.active >= 0 && options[this.active]) {
      options[this.active].setAttribute("aria-selected", "false");
      options[this.active].classList.remove("cb-active");
    }
    this.active = index;
    if (index >= 0 && options[index]) {
      options[index].setAttribute("aria-selected", "true");
      options[index].classList.add("cb-active");
      options[index].scrollIntoView({ block: "nearest" });
      this.input.setAttribute("aria-activedescendant", options[index].id);
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.move(-1);
  }

  key(event) {
    const open = !this.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        if (this.search) this.ask();
        else this.filter();
        return;
      }
      const n = this.shown.length;
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.move((this.active + step + n) % n);
    } else if (event.key === "Enter" && open && this.active >= 0) {
      event.preventDefault(); // pick, do not submit
      this.pick(this.active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      this.close();
    } else if (event.key === "Backspace" && this.multiple && !this.input.value) {
      const last = this.chips.lastElementChild;
      if (last) last.remove();
    }
  }

  pick(index) {
    const item = this.shown[index];
    if (!item) return;
    if (this.multiple) {
      this.addChip(item.value, item.label);
      this.input.value = "";
    } else {
      this.input.value = item.label;
      this.hidden.value = item.value;
    }
    this.close();
    this.status.textContent = item.label;
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  addChip(value, label) {
    if (this.takenValues().includes(String(value))) return;
    const chip = make("li", { class: "cb-chip" });
    chip.append(make("span", {}, label));
    const remove = make("button", { type: "button", class: "cb-remove" }, "×");
    const de = (document.documentElement.lang || "de").startsWith("de");
    remove.setAttribute("aria-label", `${label} ${de ? "entfernen" : "remove"}`);
    remove.addEventListener("click", () => {
      chip.remove();
      this.input.focus();
    });
    chip.append(remove, make("input", { type: "hidden", name: this.name, value: String(value) }));
    this.chips.append(chip);
  }

  keepTyped() {
    // a name typed but not picked goes to the server as typed (it resolves or refuses it)
    const typed = this.input.value.trim();
    if (typed) this.chips.append(make("input", { type: "hidden", name: this.name, value: typed }));
  }
}

function enhance(root) {
  root.querySelectorAll("[data-combobox]:not([data-cb-ready])").forEach((field) => {
    field.setAttribute("data-cb-ready", "");
    new Combobox(field);
  });
}

enhance(document);
document.addEventListener("htmx:afterSettle", (e) => enhance(e.target));
