// ListStatusPages' page_token: an opaque cursor on the page list's order (PageOrderKey),
// so that a walk is stable while pages are added or removed between calls. The token
// names a position, not a permission: one a client builds by hand only moves where its
// walk resumes. The checksum catches tokens garbled on the way (cut, retyped, mixed up).
#ifndef STATUSPHERE_SERVER_STORE_PAGE_TOKEN_H_
#define STATUSPHERE_SERVER_STORE_PAGE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/store/store.h"

namespace statusphere::store {

// URL-safe base64 without padding: it goes into a query string as it is.
std::string EncodePageToken(const PageOrderKey& key);
// INVALID_ARGUMENT, with a message starting "page_token: ", for anything EncodePageToken
// did not make (another version included).
absl::StatusOr<PageOrderKey> DecodePageToken(absl::string_view token);

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_PAGE_TOKEN_H_
