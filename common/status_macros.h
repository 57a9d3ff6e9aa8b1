// RETURN_IF_ERROR and ASSIGN_OR_RETURN, the two macros Google code uses to pass errors up
// (Debian 12's Abseil ships neither). They keep the error path one line long:
//
//   RETURN_IF_ERROR(store.ReleaseLease(id, now));
//   ASSIGN_OR_RETURN(StatusPage page, store.GetPageByUrl(url));
//
// Both work in functions returning absl::Status or any absl::StatusOr<T>.
#ifndef STATUSPHERE_COMMON_STATUS_MACROS_H_
#define STATUSPHERE_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace statusphere::internal {

inline const absl::Status& ToStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& ToStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

}  // namespace statusphere::internal

#define STATUSPHERE_MACROS_CONCAT_INNER_(a, b) a##b
#define STATUSPHERE_MACROS_CONCAT_(a, b) STATUSPHERE_MACROS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status or absl::StatusOr) and returns its status if not ok.
#define RETURN_IF_ERROR(expr)                                                  \
  do {                                                                         \
    if (const auto& statusphere_status_ = (expr); !statusphere_status_.ok()) { \
      return ::statusphere::internal::ToStatus(statusphere_status_);           \
    }                                                                          \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status if not ok, else moves its
// value into `lhs`, which may declare a variable ("auto page") or name an existing one.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  STATUSPHERE_ASSIGN_OR_RETURN_IMPL_(STATUSPHERE_MACROS_CONCAT_(statusphere_statusor_, __LINE__), lhs, rexpr)

#define STATUSPHERE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                       \
  if (!statusor.ok()) return std::move(statusor).status();       \
  lhs = *std::move(statusor)

#endif  // STATUSPHERE_COMMON_STATUS_MACROS_H_
