#include "server/store/report_digest.h"

#include <openssl/evp.h>

#include <cstdint>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace statusphere::store {
namespace {

// Feeds length-prefixed pieces, so that no two different reports give the same stream.
class Hasher {
 public:
  Hasher() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) { EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr); }

  void Add(absl::string_view piece) {
    const uint64_t size = piece.size();
    EVP_DigestUpdate(ctx_.get(), &size, sizeof size);
    EVP_DigestUpdate(ctx_.get(), piece.data(), piece.size());
  }

  void Add(const google::protobuf::MessageLite& message) {
    buffer_.clear();
    {
      google::protobuf::io::StringOutputStream stream(&buffer_);
      google::protobuf::io::CodedOutputStream out(&stream);
      // Map fields in a fixed order: the same message always gives the same bytes.
      out.SetSerializationDeterministic(true);
      message.SerializePartialToCodedStream(&out);
    }
    Add(buffer_);
  }

  std::string HexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest, &size);
    return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), size));
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
  std::string buffer_;
};

}  // namespace

std::string ReportDigest(const ScrapeReport& report) {
  if (report.outcome != ScrapeReport::Outcome::kSuccess) return "";
  Hasher hasher;
  hasher.Add("statusphere report digest 1");
  hasher.Add(report.provider);
  hasher.Add(report.platform_indicator);
  hasher.Add(report.lists_every_open_incident ? "every open incident" : "some incidents");
  hasher.Add(std::to_string(report.incidents.size()));
  for (const Incident& incident : report.incidents) hasher.Add(incident);
  hasher.Add(std::to_string(report.components.size()));
  for (const Component& component : report.components) hasher.Add(component);
  return hasher.HexDigest();
}

}  // namespace statusphere::store
