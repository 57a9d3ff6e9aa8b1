#include "providers/fuzzing/documents.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace statusphere::fuzz {

std::vector<FuzzDocument> SplitDocuments(absl::string_view input) {
  std::vector<FuzzDocument> documents;
  for (absl::string_view part : absl::StrSplit(input, kDocumentSeparator)) {
    FuzzDocument document;
    const size_t line_end = part.find('\n');
    int status = 0;
    if (absl::StartsWith(part, "status:") && line_end != absl::string_view::npos &&
        absl::SimpleAtoi(part.substr(7, line_end - 7), &status)) {
      document.http_status = status;
      part.remove_prefix(line_end + 1);
    }
    document.body = std::string(part);
    documents.push_back(std::move(document));
  }
  return documents;
}

}  // namespace statusphere::fuzz
