#include "tests/support/synthetic_catalog.h"

#include <random>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "server/catalog.h"

namespace statusphere::testing {
namespace {

std::string Compact(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) out += absl::ascii_tolower(static_cast<unsigned char>(c));
  }
  return out;
}

std::vector<std::string> Words(absl::string_view name) {
  std::vector<std::string> words;
  for (absl::string_view w : absl::StrSplit(name, absl::ByAnyChar(" -."), absl::SkipEmpty())) words.emplace_back(w);
  return words;
}

std::string HostOf(absl::string_view url) {
  if (size_t p = url.find("://"); p != absl::string_view::npos) url.remove_prefix(p + 3);
  return std::string(url.substr(0, url.find_first_of("/:?#")));
}

// One typo: a letter swapped with the next, dropped, doubled or replaced.
std::string Typo(std::string text, std::mt19937& rng) {
  if (text.size() < 2) return text;
  const size_t at = std::uniform_int_distribution<size_t>(0, text.size() - 2)(rng);
  switch (rng() % 4) {
    case 0:
      std::swap(text[at], text[at + 1]);
      break;
    case 1:
      text.erase(at, 1);
      break;
    case 2:
      text.insert(at, 1, text[at]);
      break;
    default:
      text[at] = static_cast<char>('a' + rng() % 26);
  }
  return text;
}

}  // namespace

std::vector<store::NewPage> SyntheticCatalog(size_t pages, uint32_t seed) {
  std::vector<store::NewPage> out;
  std::set<std::string> names, urls;
  absl::StatusOr<std::vector<store::NewPage>> shipped = ParseCatalog(EmbeddedCatalog());
  std::vector<std::string> words;
  if (shipped.ok()) {
    for (const store::NewPage& page : *shipped) {
      for (std::string& w : Words(page.name)) words.push_back(std::move(w));
      if (out.size() < pages) {
        names.insert(absl::AsciiStrToLower(page.name));
        urls.insert(page.url);
        out.push_back(page);
      }
    }
  }
  if (words.empty()) words = {"Acme", "Cloud", "Pager", "Status", "Mail", "Data"};
  const std::vector<std::string> suffixes = {"", "", "", "Cloud", "Status", "API", "EU", "US", "Platform", "Systems"};
  std::mt19937 rng(seed);
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  while (out.size() < pages) {
    std::string name = pick(words);
    if (rng() % 3 != 0) absl::StrAppend(&name, rng() % 4 == 0 ? "" : " ", pick(words));
    if (std::string suffix = pick(suffixes); !suffix.empty()) absl::StrAppend(&name, " ", suffix);
    if (names.count(absl::AsciiStrToLower(name)) > 0) absl::StrAppend(&name, " ", rng() % 1000);
    if (!names.insert(absl::AsciiStrToLower(name)).second) continue;
    const std::string compact = Compact(name);
    std::string url;
    switch (rng() % 3) {
      case 0:
        url = absl::StrCat("https://status.", compact, ".com");
        break;
      case 1:
        url = absl::StrCat("https://", compact, ".statuspage.io");
        break;
      default:
        url = absl::StrCat("https://www.", compact, "status.com");
    }
    if (!urls.insert(url).second) continue;
    out.push_back({name, url, "", store::PageOrigin::kCatalog});
  }
  return out;
}

std::vector<std::string> RealisticQueries(const std::vector<store::NewPage>& pages, size_t count, uint32_t seed) {
  std::vector<std::string> out = {"git", "slack", "aws", "stripe", "githbu", "cloudflair", "google cloud",
                                  "https://status.stripe.com", "o", "zzzzqqqq", "status", "cloud", "api", "eu",
                                  // typos of the commonest words: every page with the word is a match
                                  "clodu", "colud", "stauts", "platfrom"};
  if (pages.empty()) return out;
  std::mt19937 rng(seed);
  while (out.size() < count) {
    const store::NewPage& page = pages[rng() % pages.size()];
    const std::vector<std::string> words = Words(page.name);
    const std::string word = words.empty() ? page.name : words[rng() % words.size()];
    std::string query;
    switch (rng() % 10) {
      case 0:
        query = page.name;
        break;
      case 1:
        query = absl::AsciiStrToLower(page.name.substr(0, 2 + rng() % 5));
        break;
      case 2:
        query = absl::AsciiStrToLower(word);
        break;
      case 3: {
        std::string initials;
        for (const std::string& w : words) initials += absl::ascii_tolower(static_cast<unsigned char>(w[0]));
        query = initials;
        break;
      }
      case 4:
        query = rng() % 2 == 0 ? HostOf(page.url) : page.url;
        break;
      case 5:
        query = words.size() >= 2 ? absl::StrCat(words[1], " ", words[0]) : word;
        break;
      case 6:
      case 7:
        query = Typo(absl::AsciiStrToLower(rng() % 2 == 0 ? page.name : word), rng);
        break;
      case 8:
        query = Typo(absl::AsciiStrToLower(word.substr(0, 3 + rng() % 4)), rng);
        break;
      default: {
        // Letters at random: what matches little or nothing.
        const size_t length = 3 + rng() % 8;
        for (size_t i = 0; i < length; ++i) query += static_cast<char>('a' + rng() % 26);
      }
    }
    out.push_back(query);
  }
  return out;
}

}  // namespace statusphere::testing
