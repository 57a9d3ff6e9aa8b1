// Live incident changes from /api/v1/watch (Server-Sent Events). The browser's EventSource
// resumes after a dropped connection with Last-Event-ID; when the gateway refuses the stream
// outright (closed, not reconnecting), a new one is opened after a pause.

const KINDS = ["created", "updated", "resolved"];
const indicator = () => document.getElementById("live-state");

function showState(text, live) {
  const node = indicator();
  if (!node) return;
  node.textContent = text;
  node.classList.toggle("on", live);
}

// Calls onChange(kind, incident) for each change of the page at `statusPageUrl` (every
// page when empty), and onReset() when the server says changes were missed (a "reset"
// event: the client fell further behind than the server replays), after which everything
// shown must be read again. Returns a function that stops watching.
export function watch(statusPageUrl, onChange, onReset) {
  let source = null;
  let retry = null;
  let stopped = false;
  const open = () => {
    const qs = statusPageUrl ? `?statusPageUrl=${encodeURIComponent(statusPageUrl)}` : "";
    source = new EventSource(`/api/v1/watch${qs}`);
    source.onopen = () => showState("Live", true);
    source.onerror = () => {
      if (stopped) return;
      showState("Reconnecting…", false);
      if (source.readyState === EventSource.CLOSED) retry = setTimeout(open, 5000);
    };
    for (const kind of KINDS) {
      source.addEventListener(kind, (event) => {
        let change;
        try {
          change = JSON.parse(event.data);
        } catch {
          return;
        }
        if (change && change.incident) onChange(kind, change.incident);
      });
    }
    source.addEventListener("reset", () => onReset());
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    if (source) source.close();
  };
}

// Runs `fn` once, `ms` after the last of a burst of calls (a scrape can store many changes),
// so that it reads what the last change left.
export function coalesce(fn, ms = 300) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
}
