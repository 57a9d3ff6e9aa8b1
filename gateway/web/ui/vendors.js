// "My vendors": the status pages a person starred, kept in this browser only.

const KEY = "statusphere.myVendors";

function load() {
  try {
    const urls = JSON.parse(localStorage.getItem(KEY) || "[]");
    return new Set(Array.isArray(urls) ? urls.filter((u) => typeof u === "string") : []);
  } catch {
    return new Set();
  }
}

export const isStarred = (url) => load().has(url);
export const starredUrls = () => load();

export function setStarred(url, starred) {
  const urls = load();
  if (starred) urls.add(url);
  else urls.delete(url);
  localStorage.setItem(KEY, JSON.stringify([...urls]));
}
