// WatchIncidents on the callback API, end to end over 127.0.0.1: the real service and
// dispatcher on a real SQLite store, changes made by real reports, read by real stubs.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/metrics/metrics.h"
#include "common/proto_time.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "server/status_page_service.h"
#include "server/store/sqlite/sqlite_store.h"

namespace statusphere {
namespace {

using v1::Incident;
using v1::IncidentChange;
using v1::WatchIncidentsRequest;

constexpr char kGatewayToken[] = "watch-test-gateway-token-0123456789";
constexpr char kPageA[] = "https://status.a.example.com";
constexpr char kPageB[] = "https://status.b.example.com";

// The change log reads the store has made so far: it times every operation, and the
// count of a histogram is its calls (the registry is the process's).
int ChangeLogReads() {
  const std::string text = metrics::DefaultRegistry().Render();
  const std::string key =
      "statusphere_store_operation_duration_seconds_count{operation=\"ListChanges\",outcome=\"ok\"} ";
  const size_t at = text.find(key);
  return at == std::string::npos ? 0 : std::stoi(text.substr(at + key.size()));
}

class WatchTest : public ::testing::Test {
 protected:
  void Start(size_t max_backlog = 1000, absl::Duration stall_limit = absl::Seconds(30),
             const std::function<void(StatusPageServiceOptions&)>& configure = nullptr) {
    auto sqlite = store::SqliteStore::Open(":memory:");
    ASSERT_TRUE(sqlite.ok()) << sqlite.status();
    store_ = std::move(*sqlite);
    for (const char* url : {kPageA, kPageB}) {
      ASSERT_TRUE(store_->AddPage({.name = url, .url = url}, absl::Now()).ok());
    }
    StatusPageServiceOptions options;
    options.watch_poll_interval = absl::Milliseconds(200);
    options.watch_max_backlog = max_backlog;
    options.watch_stall_limit = stall_limit;
    options.rate_limit.requests_per_second = 0;
    // x-forwarded-for names the client only on calls carrying the gateway's token.
    options.rate_limit.gateway_token = kGatewayToken;
    if (configure) configure(options);
    service_ = std::make_unique<StatusPageServiceImpl>(store_.get(), &notifier_, options);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::StatusPageService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (service_ != nullptr) service_->StopWatches();
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  }

  static Incident MakeIncident(const std::string& id, const std::string& impact) {
    Incident incident;
    incident.set_id(id);
    incident.set_title(absl::StrCat("Incident ", id));
    incident.set_impact(impact);
    *incident.mutable_start_time() = ToProto(absl::FromUnixSeconds(1'700'000'000));
    auto* event = incident.add_events();
    event->set_id(id + "-1");
    event->set_title("Investigating");
    event->set_status("investigating");
    *event->mutable_time() = incident.start_time();
    return incident;
  }

  // A successful scrape of `url` with these incidents, then the notification the scrape
  // service sends.
  void Report(const std::string& url, std::vector<Incident> incidents, std::vector<v1::Component> components = {}) {
    const absl::Time now = absl::Now();
    auto leases = store_->LeaseDuePages("test", 10, absl::Minutes(1), now);
    ASSERT_TRUE(leases.ok()) << leases.status();
    bool applied = false;
    for (const store::LeaseRecord& lease : *leases) {
      if (lease.page.url() != url) {
        ASSERT_TRUE(store_->ReleaseLease(lease.lease_id, now).ok());
        continue;
      }
      store::ScrapeReport report;
      report.incidents = incidents;
      report.components = components;
      auto summary = store_->ApplyReport(
          lease.lease_id, report, [](const store::ScheduleInput& in) { return in.now; }, now);
      ASSERT_TRUE(summary.ok()) << summary.status();
      applied = true;
    }
    ASSERT_TRUE(applied) << url << " was not due";
    notifier_.Notify();
  }

  struct Stream {
    std::unique_ptr<grpc::ClientContext> context = std::make_unique<grpc::ClientContext>();
    std::unique_ptr<grpc::ClientReader<IncidentChange>> reader;
  };
  Stream Watch(const std::string& page, const std::string& impact, const std::string& cursor = "",
               const std::string& forwarded_for = "", bool component_changes = false) {
    Stream stream;
    if (!forwarded_for.empty()) {
      stream.context->AddMetadata("x-forwarded-for", forwarded_for);
      stream.context->AddMetadata("statusphere-gateway-token", kGatewayToken);
    }
    stream.context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    WatchIncidentsRequest request;
    request.set_status_page_url(page);
    request.set_impact(impact);
    request.set_cursor(cursor);
    request.set_include_component_changes(component_changes);
    stream.reader = stub_->WatchIncidents(stream.context.get(), request);
    return stream;
  }

  // Waits until `n` streams take live changes (they first replay, briefly, from their cursor).
  void AwaitLive(int n) {
    const absl::Time until = absl::Now() + absl::Seconds(5);
    while (service_->watches().live_watchers() != n && absl::Now() < until) absl::SleepFor(absl::Milliseconds(10));
    ASSERT_EQ(service_->watches().live_watchers(), n);
  }

  // Whether the server accepted the stream (its headers are marked), waiting for them.
  static bool Accepted(Stream& stream) {
    stream.reader->WaitForInitialMetadata();
    return stream.context->GetServerInitialMetadata().count("statusphere-watch-accepted") > 0;
  }

  ChangeNotifier notifier_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<StatusPageServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::StatusPageService::Stub> stub_;
};

TEST_F(WatchTest, FansEachChangeOutToEveryMatchingStreamWithOneStoreRead) {
  ASSERT_NO_FATAL_FAILURE(Start());
  std::vector<Stream> all, page_a, critical;
  for (int i = 0; i < 30; ++i) all.push_back(Watch("", ""));
  for (int i = 0; i < 10; ++i) page_a.push_back(Watch(kPageA, ""));
  for (int i = 0; i < 10; ++i) critical.push_back(Watch("", "critical"));
  ASSERT_NO_FATAL_FAILURE(AwaitLive(50));

  const int reads_before = ChangeLogReads();
  const absl::Time reported = absl::Now();
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, {MakeIncident("a1", "critical")}));
  ASSERT_NO_FATAL_FAILURE(Report(kPageB, {MakeIncident("b1", "minor")}));
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, {MakeIncident("a1", "critical"), MakeIncident("a2", "major")}));
  IncidentChange change;
  for (Stream& s : all) {
    std::vector<std::string> ids;
    for (int i = 0; i < 3 && s.reader->Read(&change); ++i) ids.push_back(change.incident().id());
    EXPECT_EQ(ids, (std::vector<std::string>{"a1", "b1", "a2"}));
  }
  for (Stream& s : page_a) {
    std::vector<std::string> ids;
    for (int i = 0; i < 2 && s.reader->Read(&change); ++i) ids.push_back(change.incident().id());
    EXPECT_EQ(ids, (std::vector<std::string>{"a1", "a2"}));  // b1 is another page's
  }
  for (Stream& s : critical) {
    ASSERT_TRUE(s.reader->Read(&change));
    EXPECT_EQ(change.incident().id(), "a1");
    EXPECT_EQ(change.kind(), IncidentChange::CREATED);
    EXPECT_EQ(change.incident().impact(), "critical");
  }
  EXPECT_LT(absl::Now() - reported, absl::Seconds(1))
      << "the last stream saw the changes after " << absl::Now() - reported;
  // Three reports, read once for all 50 streams (once per notification at most, plus a
  // poll or two), not 150 reads.
  const int reads = ChangeLogReads() - reads_before;
  EXPECT_GE(reads, 1);
  EXPECT_LE(reads, 12);
  // A critical stream's next change is the next critical one.
  ASSERT_NO_FATAL_FAILURE(Report(kPageB, {MakeIncident("b1", "minor"), MakeIncident("b2", "critical")}));
  ASSERT_TRUE(critical[0].reader->Read(&change));
  EXPECT_EQ(change.incident().id(), "b2");
}

TEST_F(WatchTest, ResumesFromACursorInBatchesThenFollowsLiveChanges) {
  ASSERT_NO_FATAL_FAILURE(Start());
  std::vector<Incident> history;
  for (int i = 0; i < 250; ++i)
    history.push_back(MakeIncident(absl::StrCat("h", i), i % 2 == 0 ? "critical" : "minor"));
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, history));

  Stream everything = Watch(kPageA, "", "0");
  Stream critical = Watch("", "critical", "0");
  IncidentChange change;
  std::set<std::string> ids;
  int64_t previous = 0;
  for (int i = 0; i < 250; ++i) {
    ASSERT_TRUE(everything.reader->Read(&change)) << "after " << i;
    int64_t cursor = 0;
    ASSERT_TRUE(absl::SimpleAtoi(change.cursor(), &cursor));
    EXPECT_GT(cursor, previous);  // in order, no repeats
    previous = cursor;
    ids.insert(change.incident().id());
  }
  EXPECT_EQ(ids.size(), 250u);
  for (int i = 0; i < 125; ++i) {
    ASSERT_TRUE(critical.reader->Read(&change)) << "after " << i;
    EXPECT_EQ(change.incident().impact(), "critical");
  }
  ASSERT_NO_FATAL_FAILURE(AwaitLive(2));
  // Caught up: a new change arrives live, once.
  history.push_back(MakeIncident("live", "critical"));
  const absl::Time reported = absl::Now();
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, history));
  ASSERT_TRUE(everything.reader->Read(&change));
  EXPECT_EQ(change.incident().id(), "live");
  ASSERT_TRUE(critical.reader->Read(&change));
  EXPECT_EQ(change.incident().id(), "live");
  EXPECT_LT(absl::Now() - reported, absl::Seconds(1));
}

TEST_F(WatchTest, ASlowStreamCatchesUpFromTheStoreWithoutLoss) {
  // A backlog of 3: one report of 40 new incidents overflows it at once.
  ASSERT_NO_FATAL_FAILURE(Start(/*max_backlog=*/3, /*stall_limit=*/absl::Hours(1)));
  Stream stream = Watch("", "");
  ASSERT_NO_FATAL_FAILURE(AwaitLive(1));
  std::vector<Incident> burst;
  for (int i = 0; i < 40; ++i) burst.push_back(MakeIncident(absl::StrCat("s", i), "major"));
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, burst));
  IncidentChange change;
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(stream.reader->Read(&change)) << "after " << i;
    EXPECT_EQ(change.incident().id(), absl::StrCat("s", i));
  }
  ASSERT_NO_FATAL_FAILURE(AwaitLive(1));  // back on the live feed
  burst.push_back(MakeIncident("after", "major"));
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, burst));
  ASSERT_TRUE(stream.reader->Read(&change));
  EXPECT_EQ(change.incident().id(), "after");
}

TEST_F(WatchTest, AStalledStreamIsEndedWithTheCursorToResumeFrom) {
  // No stall is tolerated here: the first overflow ends the stream.
  ASSERT_NO_FATAL_FAILURE(Start(/*max_backlog=*/3, /*stall_limit=*/absl::ZeroDuration()));
  Stream stream = Watch("", "");
  ASSERT_NO_FATAL_FAILURE(AwaitLive(1));
  std::vector<Incident> burst;
  for (int i = 0; i < 40; ++i) burst.push_back(MakeIncident(absl::StrCat("s", i), "major"));
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, burst));
  IncidentChange change;
  std::vector<std::string> seen;
  std::string last_cursor;
  while (stream.reader->Read(&change)) {
    seen.push_back(change.incident().id());
    last_cursor = change.cursor();
  }
  // Ended before the end of the burst (writes drain while the burst is handed out, so
  // somewhat more than the backlog of 3 may have gone out).
  EXPECT_LT(seen.size(), 40u);
  grpc::Status ended = stream.reader->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  const std::string marker = "resume with cursor ";
  const size_t at = ended.error_message().find(marker);
  ASSERT_NE(at, std::string::npos) << ended.error_message();
  const std::string resume = ended.error_message().substr(at + marker.size());
  if (!last_cursor.empty()) {
    EXPECT_EQ(resume, last_cursor);
  }
  ASSERT_NO_FATAL_FAILURE(AwaitLive(0));

  // Resuming there gives exactly the rest.
  Stream again = Watch("", "", resume);
  while (seen.size() < 40 && again.reader->Read(&change)) seen.push_back(change.incident().id());
  ASSERT_EQ(seen.size(), 40u);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(seen[i], absl::StrCat("s", i));
}

TEST_F(WatchTest, CancelledStreamsLeaveAndTheOthersCarryOn) {
  ASSERT_NO_FATAL_FAILURE(Start());
  std::vector<Stream> streams;
  for (int i = 0; i < 5; ++i) streams.push_back(Watch(kPageB, ""));
  ASSERT_NO_FATAL_FAILURE(AwaitLive(5));
  for (int i = 0; i < 2; ++i) {
    streams[i].context->TryCancel();
    EXPECT_EQ(streams[i].reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  ASSERT_NO_FATAL_FAILURE(AwaitLive(3));
  ASSERT_NO_FATAL_FAILURE(Report(kPageB, {MakeIncident("c1", "minor")}));
  IncidentChange change;
  for (int i = 2; i < 5; ++i) {
    ASSERT_TRUE(streams[i].reader->Read(&change));
    EXPECT_EQ(change.incident().id(), "c1");
  }
}

TEST_F(WatchTest, ShutdownEndsStreamsPromptlyWithTheirCursor) {
  ASSERT_NO_FATAL_FAILURE(Start());
  std::vector<Stream> streams;
  for (int i = 0; i < 3; ++i) streams.push_back(Watch("", ""));
  ASSERT_NO_FATAL_FAILURE(AwaitLive(3));
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, {MakeIncident("d1", "minor")}));
  IncidentChange change;
  for (Stream& s : streams) ASSERT_TRUE(s.reader->Read(&change));

  const absl::Time stopping = absl::Now();
  service_->StopWatches();
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(10));
  server_.reset();
  EXPECT_LT(absl::Now() - stopping, absl::Seconds(2));  // not the 10 s grace
  for (Stream& s : streams) {
    EXPECT_FALSE(s.reader->Read(&change));
    grpc::Status ended = s.reader->Finish();
    EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE);
    EXPECT_NE(ended.error_message().find(absl::StrCat("resume with cursor ", change.cursor())), std::string::npos)
        << ended.error_message();
  }
}

TEST_F(WatchTest, BadRequestsAreRefusedBeforeTheStreamStarts) {
  ASSERT_NO_FATAL_FAILURE(Start());
  IncidentChange change;
  Stream bad_cursor = Watch("", "", "yesterday");
  EXPECT_FALSE(bad_cursor.reader->Read(&change));
  EXPECT_EQ(bad_cursor.reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  Stream unknown_page = Watch("https://unknown.example.com", "");
  EXPECT_FALSE(unknown_page.reader->Read(&change));
  EXPECT_EQ(unknown_page.reader->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
  Stream bad_impact = Watch("", "dire");
  EXPECT_FALSE(bad_impact.reader->Read(&change));
  EXPECT_EQ(bad_impact.reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(service_->watches().live_watchers(), 0);
}

TEST_F(WatchTest, StreamsAreBoundedPerClientAndInAll) {
  ASSERT_NO_FATAL_FAILURE(Start(1000, absl::Seconds(30), [](StatusPageServiceOptions& options) {
    options.watch_max_streams_per_client = 3;
    options.watch_max_streams = 5;
  }));
  std::vector<Stream> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(Watch("", "", "", "203.0.113.1"));
    ASSERT_TRUE(Accepted(open.back())) << i;
  }
  // The fourth from the same client is refused, saying why.
  Stream refused = Watch("", "", "", "203.0.113.1");
  EXPECT_FALSE(Accepted(refused));
  IncidentChange change;
  EXPECT_FALSE(refused.reader->Read(&change));
  grpc::Status status = refused.reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(status.error_message().find("client 203.0.113.1 has 3 watch streams open"), std::string::npos)
      << status.error_message();
  // Another client still gets in, up to the server's total.
  for (int i = 0; i < 2; ++i) {
    open.push_back(Watch("", "", "", "203.0.113.2"));
    ASSERT_TRUE(Accepted(open.back())) << i;
  }
  Stream full = Watch("", "", "", "203.0.113.3");
  EXPECT_FALSE(Accepted(full));
  status = full.reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(status.error_message().find("the server has 5 watch streams open"), std::string::npos)
      << status.error_message();
  EXPECT_EQ(service_->watch_admission().open(), 5);
  // A stream that ends frees its place.
  open.front().context->TryCancel();
  open.front().reader->Finish();
  const absl::Time until = absl::Now() + absl::Seconds(5);
  while (service_->watch_admission().open() != 4 && absl::Now() < until) absl::SleepFor(absl::Milliseconds(10));
  Stream again = Watch("", "", "", "203.0.113.1");
  EXPECT_TRUE(Accepted(again));
  for (Stream& s : open) s.context->TryCancel();
  again.context->TryCancel();
}

// A stream resuming from before what the change log still holds gets a RESET, then goes
// on from the newest change.
TEST_F(WatchTest, AStreamFromBeforeTheRetainedLogIsResetAndGoesOnLive) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, {MakeIncident("a1", "critical")}));
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, {MakeIncident("a1", "critical"), MakeIncident("a2", "minor")}));
  const int64_t latest = *store_->LatestChangeSequence();
  ASSERT_EQ(*store_->PruneChanges(absl::Now() + absl::Hours(1)), 2);
  // The dispatcher has learnt where the log ends (a stream from the end it knows joins the
  // live feed without a read).
  absl::SleepFor(absl::Milliseconds(600));

  Stream stream = Watch("", "", "0");
  IncidentChange change;
  ASSERT_TRUE(stream.reader->Read(&change));
  EXPECT_EQ(change.kind(), IncidentChange::RESET);
  EXPECT_EQ(change.cursor(), absl::StrCat(latest));
  EXPECT_FALSE(change.has_incident());
  EXPECT_LT(absl::AbsDuration(FromProto(change.change_time()) - absl::Now()), absl::Seconds(10));
  ASSERT_NO_FATAL_FAILURE(AwaitLive(1));
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, {MakeIncident("a3", "major")}));
  ASSERT_TRUE(stream.reader->Read(&change));
  EXPECT_EQ(change.kind(), IncidentChange::CREATED);
  EXPECT_EQ(change.incident().id(), "a3");
  // A cursor within what is kept replays as before.
  Stream resumed = Watch("", "", absl::StrCat(latest));
  ASSERT_TRUE(resumed.reader->Read(&change));
  EXPECT_EQ(change.incident().id(), "a3");
}

// One stream replays at most watch_max_replay changes; further behind, it is reset.
TEST_F(WatchTest, AStreamTooFarBehindIsResetInsteadOfReplayingEverything) {
  ASSERT_NO_FATAL_FAILURE(
      Start(1000, absl::Seconds(30), [](StatusPageServiceOptions& options) { options.watch_max_replay = 5; }));
  std::vector<Incident> history;
  for (int i = 0; i < 8; ++i) history.push_back(MakeIncident(absl::StrCat("h", i), "minor"));
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, history));
  const int64_t latest = *store_->LatestChangeSequence();
  absl::SleepFor(absl::Milliseconds(500));  // the dispatcher has read the head

  Stream far = Watch("", "", "0");
  IncidentChange change;
  ASSERT_TRUE(far.reader->Read(&change));
  EXPECT_EQ(change.kind(), IncidentChange::RESET);
  EXPECT_EQ(change.cursor(), absl::StrCat(latest));
  Stream near = Watch("", "", absl::StrCat(latest - 3));
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(near.reader->Read(&change));
    EXPECT_EQ(change.kind(), IncidentChange::CREATED) << i;
  }
}

v1::Component MakeComponent(const std::string& status) {
  v1::Component component;
  component.set_id("api");
  component.set_name("API");
  component.set_status(status);
  return component;
}

TEST_F(WatchTest, ComponentChangesGoOnlyToStreamsThatAskForThem) {
  ASSERT_NO_FATAL_FAILURE(Start());
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, {}, {MakeComponent("operational")}));  // found: no change yet
  Stream incidents = Watch("", "");
  Stream pages = Watch("", "", "", "", /*component_changes=*/true);
  Stream page_b = Watch(kPageB, "", "", "", /*component_changes=*/true);
  ASSERT_NO_FATAL_FAILURE(AwaitLive(3));

  // A component turns red with no incident, then an incident follows.
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, {}, {MakeComponent("major_outage")}));
  ASSERT_NO_FATAL_FAILURE(Report(kPageA, {MakeIncident("a1", "major")}, {MakeComponent("major_outage")}));
  IncidentChange change;
  ASSERT_TRUE(pages.reader->Read(&change));
  EXPECT_EQ(change.kind(), IncidentChange::COMPONENTS_CHANGED);
  EXPECT_EQ(change.status_page_url(), kPageA);
  EXPECT_FALSE(change.has_incident());
  EXPECT_FALSE(change.cursor().empty());
  ASSERT_TRUE(pages.reader->Read(&change));
  EXPECT_EQ(change.incident().id(), "a1");
  // An incident watcher's first change is the incident: it never sees the component row.
  ASSERT_TRUE(incidents.reader->Read(&change));
  EXPECT_EQ(change.kind(), IncidentChange::CREATED);
  EXPECT_EQ(change.incident().id(), "a1");

  // Replayed from the start, the same split.
  Stream replay_pages = Watch("", "", "0", "", /*component_changes=*/true);
  Stream replay_incidents = Watch(kPageA, "", "0");
  ASSERT_TRUE(replay_pages.reader->Read(&change));
  EXPECT_EQ(change.kind(), IncidentChange::COMPONENTS_CHANGED);
  ASSERT_TRUE(replay_pages.reader->Read(&change));
  EXPECT_EQ(change.incident().id(), "a1");
  ASSERT_TRUE(replay_incidents.reader->Read(&change));
  EXPECT_EQ(change.incident().id(), "a1");

  // Another page's stream sees page A's component changes no more than its incidents.
  ASSERT_NO_FATAL_FAILURE(Report(kPageB, {MakeIncident("b1", "minor")}));
  ASSERT_TRUE(page_b.reader->Read(&change));
  EXPECT_EQ(change.incident().id(), "b1");
}

}  // namespace
}  // namespace statusphere
