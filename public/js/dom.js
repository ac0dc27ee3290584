// DOM helpers. User data only ever becomes text nodes or attribute values, never markup.

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Creates an HTML element. `props` keys: `class`, `text`, `on` ({event: handler}), and any
 * other key becomes an attribute (null/undefined/false skipped). Children may be nodes,
 * strings (text), numbers, arrays, or null.
 */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** Creates an SVG element in the SVG namespace; same arguments as `h`. */
export function s(tag, props, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(node, props, children) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "text") node.textContent = String(value);
    else if (key === "on") for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/** Appends children (nodes, strings as text, arrays, nulls skipped). */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces all children of `node`. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A calm note: `kind` is "loading", "empty", "notice" or "notice error". */
export function note(text, kind = "notice") {
  return h("p", { class: kind, text });
}

/** A panel section with a heading; returns the section, whose `body` holds the content. */
export function panel(title, sub, id) {
  const body = h("div", { class: "panel-body" }, note("Loading…", "loading"));
  const heading = h("h2", {}, title, sub ? h("span", { class: "sub", text: sub }) : null);
  const section = h("section", { class: "panel", id, "aria-label": title }, heading, body);
  section.body = body;
  section.heading = heading;
  return section;
}

/** A verdict or status badge. */
export function badge(verdict, label) {
  return h("span", { class: ["badge", `v-${verdict}`], text: label || verdict });
}

/** Says something to screen readers without moving focus. */
export function announce(text) {
  const region = document.getElementById("announce");
  if (region) region.textContent = text;
}

/** Calls `fn` at most once per `ms`, with the latest arguments. */
export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
