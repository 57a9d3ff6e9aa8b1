// The dashboard's entry: hash routes to its views.
//   #/            every status page
//   #/mine        the starred ones ("my vendors")
//   #/page/<url>  one page (url percent-encoded)

import {renderList} from "./list_view.js";
import {renderPage} from "./page_view.js";

const main = document.getElementById("main");
let stopView = () => {};

function route() {
  stopView();
  const hash = location.hash || "#/";
  document.getElementById("nav-all").toggleAttribute("aria-current", hash === "#/" || hash === "#");
  document.getElementById("nav-mine").toggleAttribute("aria-current", hash === "#/mine");
  if (hash.startsWith("#/page/")) {
    let url = "";
    try {
      url = decodeURIComponent(hash.slice("#/page/".length));
    } catch {
      url = "";
    }
    stopView = renderPage(main, url);
  } else {
    stopView = renderList(main, {mine: hash === "#/mine"});
  }
}

// The skip link moves focus into the view without changing the route (a "#main" hash would).
document.getElementById("skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener("hashchange", route);
route();
