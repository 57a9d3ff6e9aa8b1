// DOM helpers. Every string from the API is hostile input (status pages are written by
// anyone): it only ever becomes a text node or an attribute value, never markup.

// el("a", {href, class: "x", onclick}, child...): children are nodes or strings (as text).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      node.className = value;
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

// A link target from the API only when it is a web address: a hostile page's
// "javascript:" or "data:" URL becomes no link at all.
export function safeHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

// A link to a vendor's site, opened in a new tab without giving it this window.
export function externalLink(url, text, label) {
  const href = safeHref(url);
  if (!href) return null;
  return el("a", {href, target: "_blank", rel: "noopener noreferrer", class: "external", "aria-label": label}, text);
}
