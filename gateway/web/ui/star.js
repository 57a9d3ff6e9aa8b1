// The star that puts a page among "my vendors".
import {el} from "./dom.js";
import {isStarred, setStarred} from "./vendors.js";

export function starButton(page, onToggle = () => {}) {
  const button = el("button", {type: "button", class: "star"});
  const show = (starred) => {
    button.setAttribute("aria-pressed", String(starred));
    button.setAttribute("aria-label", `${starred ? "Remove" : "Add"} ${page.name} ${starred ? "from" : "to"} my vendors`);
    button.title = starred ? "In my vendors" : "Add to my vendors";
    button.textContent = starred ? "★" : "☆";
  };
  show(isStarred(page.url));
  button.addEventListener("click", () => {
    const starred = !isStarred(page.url);
    setStarred(page.url, starred);
    show(starred);
    onToggle(starred);
  });
  return button;
}
