// Conversions between absl::Time (used everywhere inside) and google.protobuf.Timestamp
// (used only at the proto edge). The unset Timestamp stands for "no time".
#ifndef STATUSPHERE_COMMON_PROTO_TIME_H_
#define STATUSPHERE_COMMON_PROTO_TIME_H_

#include <cstdint>

#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace statusphere {

inline bool IsSet(const google::protobuf::Timestamp& t) { return t.seconds() != 0 || t.nanos() != 0; }

inline absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

inline google::protobuf::Timestamp ToProto(absl::Time t) {
  google::protobuf::Timestamp out;
  const int64_t nanos = absl::ToUnixNanos(t);
  int64_t seconds = nanos / 1000000000;
  int64_t rest = nanos % 1000000000;
  if (rest < 0) {
    rest += 1000000000;
    --seconds;
  }
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(rest));
  return out;
}

inline absl::Duration FromProto(const google::protobuf::Duration& d) {
  return absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos());
}

inline google::protobuf::Duration ToProtoDuration(absl::Duration d) {
  google::protobuf::Duration out;
  const int64_t nanos = absl::ToInt64Nanoseconds(d);
  out.set_seconds(nanos / 1000000000);
  out.set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return out;
}

// Microseconds since the epoch, the storage representation of times; 0 means unset.
inline int64_t ToMicros(const google::protobuf::Timestamp& t) {
  return IsSet(t) ? t.seconds() * 1000000 + t.nanos() / 1000 : 0;
}
inline google::protobuf::Timestamp MicrosToProto(int64_t micros) {
  google::protobuf::Timestamp out;
  if (micros == 0) return out;
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(rest * 1000));
  return out;
}

}  // namespace statusphere

#endif  // STATUSPHERE_COMMON_PROTO_TIME_H_
