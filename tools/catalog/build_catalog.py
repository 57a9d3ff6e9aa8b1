#!/usr/bin/env python3
"""Rebuilds catalog/status_pages.tsv from the public lists in ../shared/catalog-sources and ours.

The TSV is the product; this script is how it was made. It reads
  catalog_candidates.tsv  name, url, platform_hint, sources (which lists name the url)
  catalog_candidates-2.tsv  two more lists (bbsetup/public-bugbounty-data's Statuspage pages,
                          Linuxfabrik/monitoring-plugins' examples): name, url, platform_hint,
                          source (repo@commit:path), read under the same rules
  hint_conflicts.tsv      urls whose lists name different platforms
and the current catalog (our earlier decisions), then writes the catalog and prints every row
it dropped, by reason. Only facts are taken from the lists: names, urls, platforms.

Rules (issue 13):
  - one row per vendor page: urls of one vendor (same name, a www. twin, a *.statuspage.io alias
    of a custom domain) collapse to one, ours first, then a custom domain over a platform alias;
  - no third-party pages that mirror others' status (aggregators, "is it down" sites, feed mirrors);
  - a url only the 2016 list names stays only when another list names the vendor, we list it,
    or its host belongs to a status-page platform;
  - the name people search for: a brand spelling from any list beats a lowercase slug;
  - a provider only where the platform is certain: a platform's own host, its platform alias in
    the same vendor's row, or lists that agree
    (the 2016 list alone is too old to be sure; lists that disagree leave it to detection).

Usage: tools/catalog/build_catalog.py [--sources DIR] [--ours FILE] [--catalog FILE] [--check] [--verbose]
"""

import argparse
import collections
import csv
import os
import re
import sys

CATALOG_HEADER = """\
# The seeded catalog of well-known public status pages, loaded into the store on the
# server's first start and reconciled on later starts (pages added at run time are kept).
#
# Columns, separated by one TAB:
#   name      the vendor or service as people know it; unique case-insensitively
#   url       the status page's home URL, normalized: https, lowercase host, no trailing
#             slash, no query or fragment, a path only where the page lives under one
#   provider  the platform when known with confidence, one compiled in (the names of
#             providers/providers.bzl's folders: atlassian-statuspage, incident-io, stripe,
#             ...); empty lets detection decide at the first scrape
# Sorted by name, case-insensitively. The server refuses to start on a malformed line.
"""

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# Providers compiled in: the names the folders of providers/providers.bzl give in their
# headers (`name() const override { return "..."; }`). A hint naming anything else leaves the
# column empty, so that a platform another branch adds is named once it is compiled in (rerun
# the script then).
def compiled_in_providers():
    with open(os.path.join(REPO, "providers", "providers.bzl"), encoding="utf-8") as f:
        folders = re.findall(r'^\s*"([a-z0-9_]+)",', f.read(), re.MULTILINE)
    names = set()
    for folder in folders:
        directory = os.path.join(REPO, "providers", folder)
        for header in sorted(os.listdir(directory)):
            if header.endswith(".h"):
                with open(os.path.join(directory, header), encoding="utf-8") as f:
                    names.update(re.findall(r'name\(\) const override \{ return "([^"]+)"; \}', f.read()))
    return names


PROVIDERS = compiled_in_providers()

# The lists' words for a vendor's own page (inket/stts's custom services) and for platforms,
# where they are not the provider's name.
HINT_PROVIDER = {
    "custom:stripe": "stripe",
    "custom:okta": "okta",
    "custom:zendesk": "zendesk",
    "custom:netsuite": "oracle-netsuite",
    "custom:paypal": "paypal",
    "custom:adobe": "adobe",
    "custom:algolia": "algolia",
    "custom:apple": "apple",
    "custom:broadcom": "broadcom",
    "custom:signalwire": "signalwire",
}

# Vendors' own status pages that a provider reads by its known host: the home page only (a
# product's page under a path is another page, left to detection).
VENDOR_HOME_PAGES = {
    "https://status.stripe.com": "stripe",
    "https://status.okta.com": "okta",
    "https://status.zendesk.com": "zendesk",
    "https://status.cloud.microsoft": "microsoft-365",
    "https://ocistatus.oraclecloud.com": "oracle-cloud",
    "https://status.netsuite.com": "oracle-netsuite",
    "https://www.paypal-status.com": "paypal",
    "https://status.adobe.com": "adobe",
    "https://status.algolia.com": "algolia",
    "https://status.broadcom.com": "broadcom",
    "https://status.signalwire.com": "signalwire",
    "https://www.apple.com/support/systemstatus": "apple",
    "https://developer.apple.com/system-status": "apple",
    # Pages on a platform's custom domain that its provider knows by host.
    "https://wpenginestatus.com": "statushub",
    "https://status.cloud.com": "statushub",
    "https://status.mailchimp.com": "statuscake",
}

# Hosts that belong to one status-page platform: they confirm a page exists on a platform, and
# where we have the platform's provider, they make it certain. Suffixes start with a dot.
PLATFORM_HOSTS = [
    (".statuspage.io", "atlassian-statuspage"),
    (".status.atlassian.com", "atlassian-statuspage"),
    (".instatus.com", "instatus"),
    (".betteruptime.com", "betterstack"),
    (".incident.io", "incident-io"),
    (".status.io", "status-io"),
    (".cachethq.io", "cachet"),
    (".hund.io", "hund"),
    (".statuspal.io", "statuspal"),
    (".statuspal.eu", "statuspal"),
    (".freshstatus.io", None),
    (".sorryapp.com", "sorry"),
    (".statuscast.com", "statuscast"),
    (".hyperping.app", "hyperping"),
    (".openstatus.dev", "openstatus"),
    (".statushub.io", "statushub"),
    ("uptime.statuscake.com", "statuscake"),
    ("stats.uptimerobot.com", "uptimerobot"),
    ("stats.pingdom.com", None),
    # Platforms that are one vendor's own page (the providers' known hosts).
    ("slack-status.com", "slack"),
    ("status.slack.com", "slack"),
    ("status.heroku.com", "heroku"),
    ("health.aws.amazon.com", "aws"),
    ("status.aws.amazon.com", "aws"),
    ("status.cloud.google.com", "google-cloud"),
    ("azure.status.microsoft", "azure"),
    ("status.azure.com", "azure"),
    ("status.salesforce.com", "salesforce"),
]

# Hosts whose pages report on other vendors (or on nobody): never a vendor's own status page.
THIRD_PARTY_HOSTS = {
    "statusgator.com": "status aggregator",
    "isdown.app": "status aggregator",
    "downdetector.com": "outage reports",
    "cloudharmony.com": "status aggregator",
    "saashub.com": "software directory",
    "updownradar.com": "is-it-down site",
    "isitdownrightnow.com": "is-it-down site",
    "issitedownrightnow.com": "is-it-down site",
    "downforeveryoneorjustme.com": "is-it-down site",
    "cspreporter.nl": "outage reports of many providers",
    "similarweb.com": "web analytics, not a status page",
    "feeds.feedburner.com": "feed mirror",
    "steamstat.us": "unofficial mirror",
}

OLD_LIST = "sahin-2016"

# Second-level labels under a country code: status.acme.co.uk belongs to "acme".
SECOND_LEVEL = {"co", "com", "net", "org", "gov", "edu", "ac"}



def ascii_lower(text):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def host_of(url):
    return url.split("://", 1)[1].split("/", 1)[0]


def normalize_url(url):
    """common/page_url.cc's normalization plus the catalog's rules: https, no query, no fragment."""
    url = url.strip()
    m = re.match(r"^(https?)://([^/?#]*)([^?#]*)", url, re.IGNORECASE)
    if not m:
        raise ValueError("not an http(s) url: %r" % url)
    host = m.group(2).lower()
    if host.endswith(":443") or host.endswith(":80"):
        host = host.rsplit(":", 1)[0]
    if not host or "@" in host or not re.match(r"^[a-z0-9._:-]+$", host):
        raise ValueError("bad host in %r" % url)
    path = m.group(3).rstrip("/")
    return "https://" + host + path


def api_home(url):
    """A list that names a platform's API document names its page: Statuspal's
    statuspal.io/api/v2/status_pages/<sub>/summary is <sub>.statuspal.io (.eu the same)."""
    m = re.match(r"^https://statuspal\.(io|eu)/api/v2/status_pages/([a-z0-9-]+)/summary$", url)
    return "https://%s.statuspal.%s" % (m.group(2), m.group(1)) if m else url


def twin_key(url):
    """The same page with and without www. is one page."""
    rest = url.split("://", 1)[1]
    if rest.startswith("www."):
        rest = rest[4:]
    return rest.lower()


def vendor_key(name):
    """Names of one vendor compare equal: case, punctuation and a trailing word "Status" ignored."""
    return re.sub(r"[^a-z0-9]", "", ascii_lower(clean_name(name)))


def platform_of_host(host):
    """(True, provider or None) when the host belongs to a platform, else (False, None); the
    provider only when it is compiled in."""
    for pattern, provider in PLATFORM_HOSTS:
        if (pattern.startswith(".") and host.endswith(pattern)) or host == pattern:
            return True, provider if provider in PROVIDERS else None
    return False, None


def is_platform_alias(url):
    """A page under a platform's shared domain (acme.statuspage.io), not the vendor's own
    (Atlassian's product pages under status.atlassian.com are Atlassian's own)."""
    host = host_of(url)
    return not host.endswith(".status.atlassian.com") and any(
        host.endswith(p) for p, _ in PLATFORM_HOSTS if p.startswith("."))


def third_party_reason(row):
    if row["platform_hint"] == "third-party-aggregator":
        return "third-party aggregator (the lists say so)"
    host = host_of(row["url"])
    for domain, why in THIRD_PARTY_HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return "third-party page: " + why
    if re.search(r"\bunofficial\b", row["name"], re.IGNORECASE):
        return "third-party page: unofficial mirror"
    return None


class Page:
    """One url with everything the lists and we say about it."""

    def __init__(self, url):
        self.url = url
        self.names = []  # (name, origin) in the order seen
        self.sources = set()
        self.hints = set()
        self.ours = None  # (name, provider) when our catalog lists it
        self.conflict = False

    @property
    def only_old_list(self):
        return self.ours is None and self.sources == {OLD_LIST}


def read_tsv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_ours(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                name, url, provider = line.split("\t")
                rows.append((name, url, provider))
    return rows


class UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        self.parent[self.find(a)] = self.find(b)


def word_spellings(all_names):
    """How each word is spelled where someone capitalized it: "ibm" -> "IBM"."""
    seen = collections.defaultdict(collections.Counter)
    for name in all_names:
        for word in re.split(r"[\s\-_/()]+", name):
            if word and word != word.lower():
                seen[word.lower()][word] += 1
    return {w: c.most_common(1)[0][0] for w, c in seen.items()}


def is_slug(name):
    """All lowercase and not a domain-like brand ("crates.io", "monday.com" are written so)."""
    return name == name.lower() and not re.search(r"[a-z0-9]\.[a-z]{2,}$", name)


def prettify(name, spellings, corrections):
    """A lowercase slug as people write it: "adaptavist-cloud-apps" -> "Adaptavist Cloud Apps",
    the brand's own spelling where we know it, else a word's spelling in another list's name."""
    if name in corrections["spelling"]:
        return corrections["spelling"][name]
    words = [w for w in re.split(r"[\s\-_]+", name) if w]
    out = []
    for w in words:
        out.append(spellings.get(w, w[:1].upper() + w[1:]))
    return " ".join(out)


def clean_name(name):
    name = name.strip().strip("-_ ")
    name = re.sub(r"\s+", " ", name)
    # "Foo Status" is searched as "Foo".
    stripped = re.sub(r"\s+status(\s+page)?$", "", name, flags=re.IGNORECASE)
    return stripped or name


def choose_url(pages):
    """Ours first; then a vendor's own domain over a platform alias; then a url a current list
    names; then the url most lists name; then the home page over a deeper path."""

    def rank(p):
        return (
            p.ours is None,
            is_platform_alias(p.url),
            p.only_old_list,
            -len(p.sources),
            p.url.count("/"),
            len(p.url),
            p.url,
        )

    return min(pages, key=rank)


def choose_name(chosen, group, spellings, corrections):
    if chosen.ours is not None:
        return chosen.ours[0], None  # our decision
    if chosen.url in corrections["name"]:
        return corrections["name"][chosen.url], None
    candidates = []
    for p in [chosen] + [p for p in group if p is not chosen]:
        if p.ours is not None:
            candidates.append(p.ours[0])
        candidates.extend(n for n, _ in p.names)
    cleaned = [clean_name(n) for n in candidates]
    spelled = [n for n in cleaned if not is_slug(n)]
    if spelled:
        # The chosen url's own spelling, unless another list spells the brand and it does not.
        return spelled[0], (cleaned[0] if cleaned[0] != spelled[0] else None)
    return prettify(cleaned[0], spellings, corrections), cleaned[0]


def choose_provider(chosen, group):
    if chosen.url in VENDOR_HOME_PAGES and VENDOR_HOME_PAGES[chosen.url] in PROVIDERS:
        return VENDOR_HOME_PAGES[chosen.url], "platform host"
    on_platform, host_provider = platform_of_host(host_of(chosen.url))
    if on_platform and host_provider:
        return host_provider, "platform host"
    hints = {HINT_PROVIDER.get(h, h) for h in chosen.hints if h}
    if chosen.conflict or len(hints) > 1:
        return "", "lists disagree"
    if chosen.ours is not None:
        # Our decision stands (an empty one too) unless a list names another platform.
        if chosen.ours[1] and hints and hints != {chosen.ours[1]}:
            return "", "a list names another platform than ours"
        return chosen.ours[1], "ours"
    # acme.statuspage.io serving the same vendor as status.acme.com: the domain is the alias's
    # platform's (Statuspage gives a custom domain to a page it hosts).
    alias_providers = {platform_of_host(host_of(p.url))[1] for p in group if p is not chosen and is_platform_alias(p.url)}
    alias_providers.discard(None)
    if len(alias_providers) == 1 and (not hints or hints == alias_providers):
        return next(iter(alias_providers)), "its platform alias"
    if not hints:
        return "", None
    hint = next(iter(hints))
    if hint not in PROVIDERS:
        return "", None
    if chosen.sources == {OLD_LIST}:
        return "", "only the 2016 list names the platform"
    return hint, "lists agree"


def read_corrections(path):
    corrections = {"spelling": {}, "name": {}, "home": {}, "drop": {}, "distinct": {}}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                kind, key, value = line.split("\t")
                corrections[kind][key] = value
    return corrections


def build(sources_dir, ours_path, corrections_path):
    ours_rows = read_ours(ours_path)
    corrections = read_corrections(corrections_path)
    candidates = read_tsv(os.path.join(sources_dir, "catalog_candidates.tsv"))
    more = os.path.join(sources_dir, "catalog_candidates-2.tsv")
    if os.path.exists(more):
        for row in read_tsv(more):
            # One list per repository: "bbsetup/public-bugbounty-data@67a0517e:statuspage/x" is
            # the list "public-bugbounty-data".
            row["sources"] = row.pop("source").split("@", 1)[0].split("/")[-1]
            candidates.append(row)
    conflicts = {normalize_url(r["url"]) for r in read_tsv(os.path.join(sources_dir, "hint_conflicts.tsv"))}
    dropped = collections.defaultdict(list)
    notes = collections.defaultdict(list)

    pages = {}

    def page(url):
        return pages.setdefault(url, Page(url))

    for name, url, provider in ours_rows:
        p = page(normalize_url(url))
        p.ours = (name, provider)
    for row in candidates:
        try:
            url = normalize_url(row["url"])
        except ValueError as e:
            dropped["malformed url"].append("%s: %s" % (row["name"], e))
            continue
        if url in corrections["drop"]:
            dropped["not a vendor's status page"].append("%s %s (%s)" % (row["name"], url, corrections["drop"][url]))
            continue
        url = corrections["home"].get(url, api_home(url))
        reason = third_party_reason(dict(row, url=url))
        if reason and url not in pages:
            dropped[reason].append("%s %s" % (row["name"], url))
            continue
        p = page(url)
        name = corrections["name"].get(url, row["name"])
        p.names.append((corrections["spelling"].get(name, name), "lists"))
        p.sources.update(s for s in row["sources"].split(",") if s)
        if row["platform_hint"] and row["platform_hint"] != "third-party-aggregator":
            p.hints.add(row["platform_hint"])
        p.conflict = p.conflict or url in conflicts

    # One vendor, one row: the same name, a www. twin, or a platform alias named like a vendor.
    groups = UnionFind()
    by_key = collections.defaultdict(list)
    by_twin = collections.defaultdict(list)
    for p in pages.values():
        names = [p.ours[0]] if p.ours else []
        names += [n for n, _ in p.names]
        for n in names:
            by_key[vendor_key(n)].append(p.url)
        by_twin[twin_key(p.url)].append(p.url)
    for urls in list(by_key.values()) + list(by_twin.values()):
        for u in urls[1:]:
            groups.union(urls[0], u)
    # acme.statuspage.io is status.acme.com when one page's own domain is acme.
    by_label = collections.defaultdict(list)
    for p in pages.values():
        if not is_platform_alias(p.url):
            labels = host_of(p.url).split(".")
            second_level = len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL
            by_label[labels[-3] if second_level else labels[-2]].append(p.url)
    for p in pages.values():
        if is_platform_alias(p.url) and p.url not in corrections["distinct"]:
            slug = host_of(p.url).split(".")[0]
            for other in by_key.get(vendor_key(slug), []):
                groups.union(p.url, other)
            if len(by_label.get(slug, [])) == 1:
                groups.union(p.url, by_label[slug][0])

    members = collections.defaultdict(list)
    for p in pages.values():
        members[groups.find(p.url)].append(p)

    spellings = word_spellings(
        [o[0] for o in ours_rows] + [r["name"] for r in candidates])
    out = []
    for group in members.values():
        # A url only the 2016 list names needs someone else's word that the vendor exists.
        confirmed = any(not p.only_old_list for p in group)
        eligible = [p for p in group if not p.only_old_list or confirmed or platform_of_host(host_of(p.url))[0]]
        for p in group:
            if p not in eligible:
                dropped["only the 2016 list names it, nothing confirms it"].append(
                    "%s %s" % (p.names[0][0], p.url))
        if not eligible:
            continue
        chosen = choose_url(eligible)
        for p in group:
            if p is not chosen and p in eligible:
                name = p.ours[0] if p.ours else p.names[0][0]
                why = "a platform alias of" if is_platform_alias(p.url) else "another url of"
                dropped["one vendor, one row"].append("%s %s: %s %s" % (name, p.url, why, chosen.url))
        name, renamed_from = choose_name(chosen, eligible, spellings, corrections)
        if renamed_from and renamed_from != name:
            notes["name spelled as people search for it"].append("%r -> %r" % (renamed_from, name))
        provider, why = choose_provider(chosen, eligible)
        if why == "its platform alias" and not (chosen.ours and chosen.ours[1]):
            notes["provider from its platform alias"].append("%s %s: %s" % (name, chosen.url, provider))
        elif why and why not in ("ours", "lists agree", "platform host"):
            notes["provider left to detection: " + why].append("%s %s" % (name, chosen.url))
        if chosen.ours and chosen.ours[1] != provider:
            notes["changed from ours"].append("%s: provider %r -> %r" % (name, chosen.ours[1], provider))
        if chosen.ours and chosen.ours[0] != name:
            notes["changed from ours"].append("%s: name %r -> %r" % (chosen.url, chosen.ours[0], name))
        out.append((name, chosen.url, provider))

    # Names unique case-insensitively: two vendors that share a name are told apart by host.
    by_name = collections.defaultdict(list)
    for row in out:
        by_name[ascii_lower(row[0])].append(row)
    final = []
    for rows in by_name.values():
        if len(rows) == 1:
            final.extend(rows)
            continue
        for name, url, provider in rows:
            distinct = "%s (%s)" % (name, host_of(url))
            notes["same name, two vendors: host added"].append("%s -> %s" % (name, distinct))
            final.append((distinct, url, provider))
    final.sort(key=lambda r: (ascii_lower(r[0]), r[0]))
    return final, dropped, notes


def render(rows):
    return CATALOG_HEADER + "".join("\t".join(r) + "\n" for r in rows)


def main():
    default_sources = os.path.join(
        os.environ.get("STATUSPHERE_SHARED_DIR", os.path.join(REPO, "..", "shared")), "catalog-sources")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", default=default_sources, help="the catalog-sources directory")
    parser.add_argument("--ours", default=os.path.join(HERE, "ours.tsv"), help="our hand-kept rows")
    parser.add_argument("--corrections", default=os.path.join(HERE, "corrections.tsv"), help="hand corrections")
    parser.add_argument("--catalog", default=os.path.join(REPO, "catalog", "status_pages.tsv"), help="written")
    parser.add_argument("--check", action="store_true", help="fail if the catalog is not what the lists give")
    parser.add_argument("--verbose", action="store_true", help="print every dropped row and note")
    args = parser.parse_args()

    rows, dropped, notes = build(args.sources, args.ours, args.corrections)
    text = render(rows)
    for title, items in [("dropped", dropped), ("notes", notes)]:
        print("%s:" % title)
        for reason in sorted(items, key=lambda r: -len(items[r])):
            print("  %4d  %s" % (len(items[reason]), reason))
            for item in sorted(items[reason]) if args.verbose else []:
                print("          " + item)
    print("catalog: %d pages, %d with a provider" % (len(rows), sum(1 for r in rows if r[2])))
    if args.check:
        with open(args.catalog, encoding="utf-8") as f:
            current = f.read()
        if current != text:
            print("%s is not what the lists give: run %s" % (args.catalog, sys.argv[0]), file=sys.stderr)
            return 1
        return 0
    with open(args.catalog, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
