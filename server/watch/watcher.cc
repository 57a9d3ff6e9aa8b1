#include "server/watch/watcher.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/proto_time.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "statusphere/v1/status_page_service.pb.h"

namespace statusphere::watch {

absl::StatusOr<SharedChange> EncodeChange(store::ChangeRecord record) {
  auto encoded = std::make_shared<EncodedChange>();
  encoded->sequence = record.sequence;
  v1::IncidentChange out;
  if (record.components) {
    // Which components changed is the notifications' business; a stream only learns the page.
    encoded->components = true;
    encoded->page_url = record.components->status_page_url();
    out.set_kind(v1::IncidentChange::COMPONENTS_CHANGED);
    out.set_status_page_url(encoded->page_url);
  } else {
    encoded->page_url = record.incident.status_page_url();
    encoded->impact = record.incident.impact();
    out.set_kind(record.kind);
    *out.mutable_incident() = std::move(record.incident);
  }
  out.set_cursor(absl::StrCat(record.sequence));
  *out.mutable_change_time() = ToProto(record.change_time);
  bool own_buffer = false;
  grpc::Status serialized = grpc::SerializationTraits<v1::IncidentChange>::Serialize(out, &encoded->bytes, &own_buffer);
  if (!serialized.ok()) {
    return absl::InternalError(
        absl::StrCat("change ", record.sequence, " cannot be encoded: ", serialized.error_message()));
  }
  return SharedChange(std::move(encoded));
}

absl::StatusOr<SharedChange> EncodeReset(int64_t sequence, absl::Time now) {
  v1::IncidentChange out;  // no incident: it is about the stream, not one incident
  out.set_kind(v1::IncidentChange::RESET);
  out.set_cursor(absl::StrCat(sequence));
  *out.mutable_change_time() = ToProto(now);
  auto reset = std::make_shared<EncodedChange>();
  reset->sequence = sequence;
  bool own_buffer = false;
  grpc::Status serialized = grpc::SerializationTraits<v1::IncidentChange>::Serialize(out, &reset->bytes, &own_buffer);
  if (!serialized.ok())
    return absl::InternalError(absl::StrCat("a reset cannot be encoded: ", serialized.error_message()));
  return SharedChange(std::move(reset));
}

}  // namespace statusphere::watch
