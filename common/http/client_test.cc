// The client against a real HTTP server on 127.0.0.1 playing well-behaved and hostile
// servers: batches of GETs, POSTs, caps, redirects, Retry-After, the SSRF guard, a stop.
#include "common/http/client.h"

#include <thread>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/http_server.h"

namespace statusphere::http {
namespace {

using statusphere::testing::HttpResponse;
using statusphere::testing::HttpServer;
using statusphere::testing::RecordedRequest;

// The test server is on loopback, which the SSRF guard refuses by default.
ClientOptions Loopback() {
  ClientOptions options;
  options.addresses = *AddressPolicy::Parse("127.0.0.1/32");
  return options;
}

HttpResponse Json(const std::string& body) { return statusphere::testing::JsonResponse(body); }

HttpResponse RedirectTo(int status, const std::string& location) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Location", location}};
  return r;
}

Request Get(const std::string& url) { return {Method::kGet, url, {}, ""}; }

TEST(Client, SendsABatchOfGetsAnsweredInRequestOrder) {
  HttpServer server;
  for (int i = 0; i < 20; ++i) server.Set("/p" + std::to_string(i), Json("{\"i\":" + std::to_string(i) + "}"));
  ClientOptions options = Loopback();
  options.user_agent = "statusphere-test/1.0";
  Client client(options);
  std::vector<Request> requests;
  for (int i = 0; i < 20; ++i) requests.push_back(Get(server.Url("/p" + std::to_string(i))));
  requests[3].headers = {{"If-None-Match", "\"v1\""}};
  std::vector<Response> responses = client.SendAll(requests);
  ASSERT_EQ(responses.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(responses[i].ok()) << responses[i].error_message;
    EXPECT_EQ(responses[i].http_status, 200);
    EXPECT_EQ(responses[i].url, server.Url("/p" + std::to_string(i)));
    EXPECT_EQ(responses[i].body, "{\"i\":" + std::to_string(i) + "}");
    EXPECT_EQ(responses[i].content_type, "application/json");
  }
  int conditional = 0;
  for (RecordedRequest& seen : server.Requests()) {
    EXPECT_EQ(seen.method, "GET");
    EXPECT_EQ(seen.headers["user-agent"], "statusphere-test/1.0");
    if (seen.headers.count("if-none-match") > 0) {
      ++conditional;
      EXPECT_EQ(seen.path, "/p3");
    }
  }
  EXPECT_EQ(conditional, 1);
}

TEST(Client, PostsTheBodyWithItsHeadersAndWithoutExpect) {
  HttpServer receiver;
  HttpResponse accepted;
  accepted.status = 202;
  receiver.Set("/hook", accepted);
  Client client(Loopback());
  // Large enough that libcurl would ask for 100-continue if let.
  const std::string body = "{\"text\":\"" + std::string(4096, 'x') + "\"}";
  Response r = client.Send({Method::kPost, receiver.Url("/hook"), {{"Content-Type", "application/json"}}, body});
  EXPECT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.http_status, 202);
  std::vector<RecordedRequest> seen = receiver.Requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].body, body);
  EXPECT_EQ(seen[0].headers["content-type"], "application/json");
  EXPECT_EQ(seen[0].headers.count("expect"), 0u);
}

// The client reuses its curl handles: a request must carry nothing of an earlier one.
TEST(Client, AReusedHandleCarriesNothingOfTheLastRequest) {
  HttpServer server;
  HttpResponse r = Json("{\"a\":1}");
  r.etag = "\"v1\"";
  server.Set("/doc", r);
  Client client(Loopback());
  for (int i = 0; i < 3; ++i) {
    Response posted =
        client.Send({Method::kPost,
                     server.Url("/doc"),
                     {{"If-None-Match", "\"v1\""}, {"If-Modified-Since", "Tue, 01 Jan 2030 00:00:00 GMT"}},
                     "{}"});
    EXPECT_EQ(posted.http_status, 304);
    Response plain = client.Send(Get(server.Url("/doc")));
    EXPECT_EQ(plain.http_status, 200);
    EXPECT_EQ(plain.body, "{\"a\":1}");
  }
  std::vector<RecordedRequest> seen = server.Requests();
  ASSERT_EQ(seen.size(), 6u);
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].method, i % 2 == 0 ? "POST" : "GET") << i;
    EXPECT_EQ(seen[i].headers.count("if-none-match"), i % 2 == 0 ? 1u : 0u) << i;
    EXPECT_EQ(seen[i].headers.count("if-modified-since"), i % 2 == 0 ? 1u : 0u) << i;
    EXPECT_EQ(seen[i].body, i % 2 == 0 ? "{}" : "") << i;
  }
}

TEST(Client, HttpErrorsAreAnswersWithRetryAfterAndValidators) {
  HttpServer server;
  HttpResponse busy;
  busy.status = 429;
  busy.headers = {{"Retry-After", "120"}};
  server.Set("/busy", busy);
  HttpResponse fresh = Json("{}");
  fresh.headers.push_back({"ETag", "\"v7\""});
  fresh.headers.push_back({"Last-Modified", "Tue, 14 Nov 2023 22:13:20 GMT"});
  server.Set("/fresh", fresh);
  Client client(Loopback());
  Response r = client.Send(Get(server.Url("/busy")));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.http_status, 429);
  EXPECT_EQ(r.retry_after, absl::Seconds(120));
  Response posted = client.Send({Method::kPost, server.Url("/busy"), {}, "{}"});
  EXPECT_EQ(posted.http_status, 429);
  EXPECT_EQ(posted.retry_after, absl::Seconds(120));
  EXPECT_EQ(client.Send(Get(server.Url("/missing"))).http_status, 404);
  Response f = client.Send(Get(server.Url("/fresh")));
  EXPECT_EQ(f.etag, "\"v7\"");
  EXPECT_EQ(f.last_modified, "Tue, 14 Nov 2023 22:13:20 GMT");
  EXPECT_EQ(f.retry_after, absl::ZeroDuration());
}

TEST(Client, FollowsRedirectsButNotLoops) {
  HttpServer server;
  server.Set("/start", RedirectTo(302, "/target"));
  server.Set("/target", Json("{}"));
  server.Set("/loop", RedirectTo(302, "/loop"));
  Client client(Loopback());
  Response ok = client.Send(Get(server.Url("/start")));
  EXPECT_EQ(ok.http_status, 200);
  EXPECT_EQ(ok.final_url, server.Url("/target"));
  Response looped = client.Send(Get(server.Url("/loop")));
  EXPECT_EQ(looped.error, ErrorKind::kTooManyRedirects);
  EXPECT_EQ(looped.error_message, "GET " + server.Url("/loop") + ": too many redirects");
  EXPECT_EQ(looped.error_detail, "too many redirects");
}

TEST(Client, WithoutFollowingARedirectIsTheAnswer) {
  HttpServer server;
  server.Set("/moved", RedirectTo(301, "/elsewhere"));
  server.Set("/elsewhere", Json("{}"));
  ClientOptions options = Loopback();
  options.follow_redirects = false;
  Client client(options);
  Response r = client.Send({Method::kPost, server.Url("/moved"), {}, "{\"secret\":1}"});
  EXPECT_TRUE(r.ok()) << r.error_message;
  EXPECT_EQ(r.http_status, 301);
  EXPECT_EQ(server.RequestCount("/elsewhere"), 0);  // the payload went nowhere else
}

TEST(Client, OnlyHttpAndHttpsAlsoAfterRedirects) {
  HttpServer server;
  server.Set("/evil", RedirectTo(302, "file:///etc/passwd"));
  Client client(Loopback());
  Response r = client.Send(Get(server.Url("/evil")));
  EXPECT_EQ(r.error, ErrorKind::kBadUrl) << r.error_message;
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(client.Send(Get("gopher://127.0.0.1/")).error, ErrorKind::kBadUrl);
  EXPECT_EQ(client.Send(Get("not a url")).error, ErrorKind::kBadUrl);
}

TEST(Client, OversizedBodyFailsWhetherDeclaredOrNotUnlessTruncated) {
  HttpServer server;
  HttpResponse huge;
  huge.stream_bytes = 50LL << 20;  // 50 MB
  server.Set("/huge", huge);
  HttpResponse undeclared;
  undeclared.stream_bytes = 50LL << 20;
  undeclared.declared_length = 10;  // lies: the cap must hold on the bytes themselves
  server.Set("/liar", undeclared);
  HttpResponse chatty;
  chatty.status = 500;
  chatty.body = std::string(5000, 'e');
  server.Set("/chatty", chatty);
  ClientOptions options = Loopback();
  options.max_body_bytes = 1 << 20;
  Client client(options);
  Response r = client.Send(Get(server.Url("/huge")));
  EXPECT_EQ(r.error, ErrorKind::kTooLarge);
  EXPECT_EQ(r.error_message, "GET " + server.Url("/huge") + ": response larger than 1048576 bytes");
  EXPECT_TRUE(r.body.empty());
  // A liar's extra bytes are not read as a body (the declared 10 bytes are).
  Response liar = client.Send(Get(server.Url("/liar")));
  EXPECT_LE(liar.body.size(), 10u);

  ClientOptions snippet = Loopback();
  snippet.max_body_bytes = 512;
  snippet.truncate_long_body = true;
  Response cut = Client(snippet).Send(Get(server.Url("/chatty")));
  EXPECT_TRUE(cut.ok()) << cut.error_message;
  EXPECT_EQ(cut.http_status, 500);
  EXPECT_EQ(cut.body, std::string(512, 'e'));
}

TEST(Client, GzipBombIsCappedAfterDecompression) {
  // 20 MB of zeros compresses to ~20 KB.
  const std::string gz = statusphere::testing::Gzip(std::string(20 << 20, '0'));
  ASSERT_LT(gz.size(), 1u << 20);
  HttpServer server;
  HttpResponse bomb;
  bomb.headers = {{"Content-Encoding", "gzip"}, {"Content-Type", "application/json"}};
  bomb.body = gz;
  server.Set("/bomb", bomb);
  ClientOptions options = Loopback();
  options.max_body_bytes = 1 << 20;
  Client client(options);
  EXPECT_EQ(client.Send(Get(server.Url("/bomb"))).error, ErrorKind::kTooLarge);
  // A client that does not ask for compression is not sent any.
  options.accept_compressed = false;
  Client plain(options);
  plain.Send(Get(server.Url("/bomb")));
  EXPECT_EQ(server.Requests().back().headers.count("accept-encoding"), 0u);
}

TEST(Client, SlowAndSilentServersTimeOut) {
  HttpServer server;
  HttpResponse silent;
  silent.delay = absl::Seconds(2);
  server.Set("/silent", silent);
  HttpResponse drip;
  drip.body = std::string(1000, 'x');
  drip.drip_bytes = 1;
  drip.drip_interval = absl::Milliseconds(50);
  server.Set("/drip", drip);
  ClientOptions options = Loopback();
  options.total_timeout = absl::Milliseconds(700);
  Client client(options);
  const absl::Time start = absl::Now();
  std::vector<Response> r = client.SendAll({Get(server.Url("/silent")), Get(server.Url("/drip"))});
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  EXPECT_EQ(r[0].error, ErrorKind::kTimeout);
  EXPECT_EQ(r[0].error_message, "GET " + server.Url("/silent") + ": timed out");
  EXPECT_EQ(r[1].error, ErrorKind::kTimeout);
  EXPECT_TRUE(r[1].body.empty());
}

// A Server-Sent Events stream never ends by itself: with end_after_event the transfer ends,
// as a success, when that event has arrived whole, and the stream is not held open.
TEST(Client, AStreamIsReadUntilItsAwaitedEventAndClosed) {
  HttpServer server;
  const std::string first =
      ": hello\r\n\r\nevent: ping\ndata: {}\n\nevent: init_event\ndata: {\"state\":\"operational\"}\n\n";
  HttpResponse stream;
  stream.headers = {{"Content-Type", "text/event-stream"}};
  stream.body = first + std::string(2000, ' ');  // then keep-alive filler, dripped for 7 s
  stream.drip_bytes = 30;
  stream.drip_interval = absl::Milliseconds(100);
  server.Set("/live", stream);
  HttpResponse silent = stream;
  silent.body = "event: status_event\ndata: {}\n\n" + std::string(300, ' ');
  silent.drip_bytes = 10;
  server.Set("/other", silent);
  ClientOptions options = Loopback();
  options.total_timeout = absl::Seconds(2);
  Client client(options);
  Request live = Get(server.Url("/live"));
  live.end_after_event = "init_event";
  Request other = Get(server.Url("/other"));
  other.end_after_event = "init_event";
  const absl::Time start = absl::Now();
  std::vector<Response> r = client.SendAll({live, other});
  ASSERT_TRUE(r[0].ok()) << r[0].error_message;
  EXPECT_EQ(r[0].http_status, 200);
  EXPECT_TRUE(absl::StartsWith(r[0].body, first)) << r[0].body;
  EXPECT_LT(r[0].body.size(), first.size() + 30);  // closed at the event, not read on
  // A stream whose awaited event never comes runs into the time limit, as any slow answer.
  EXPECT_EQ(r[1].error, ErrorKind::kTimeout);
  EXPECT_LT(absl::Now() - start, absl::Seconds(4));
  // Without end_after_event a whole (ended) body is read as before, events or not.
  server.Set("/whole", Json("event: init_event\ndata: {}\n\n"));
  Response whole = client.Send(Get(server.Url("/whole")));
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole.body, "event: init_event\ndata: {}\n\n");
}

TEST(Client, CancellingGivesUpTransfersInFlight) {
  HttpServer server;
  HttpResponse silent;
  silent.delay = absl::Seconds(3);  // the server's thread sleeps it out before the test ends
  server.Set("/silent", silent);
  server.Set("/quick", Json("{}"));
  std::atomic<bool> stopping{false};
  Client client(Loopback());
  std::thread stopper([&] {
    absl::SleepFor(absl::Milliseconds(300));
    stopping = true;
  });
  const absl::Time start = absl::Now();
  std::vector<Response> r = client.SendAll(
      {Get(server.Url("/silent")), {Method::kPost, server.Url("/silent"), {}, "{}"}, Get(server.Url("/quick"))},
      &stopping);
  stopper.join();
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1500));  // not the 3 s the page takes, nor the 30 s timeout
  EXPECT_EQ(r[0].error, ErrorKind::kCancelled);
  EXPECT_EQ(r[0].error_message, "GET " + server.Url("/silent") + ": given up: cancelled");
  EXPECT_EQ(r[1].error, ErrorKind::kCancelled);
  EXPECT_TRUE(absl::StartsWith(r[1].error_message, "POST ")) << r[1].error_message;
  EXPECT_TRUE(r[2].ok()) << r[2].error_message;  // finished before the stop: kept
  EXPECT_EQ(r[2].body, "{}");
}

TEST(Client, ConnectionResetAndRefusedAreTransportErrors) {
  HttpServer server;
  HttpResponse reset;
  reset.reset = true;
  server.Set("/reset", reset);
  Client client(Loopback());
  EXPECT_EQ(client.Send(Get(server.Url("/reset"))).error, ErrorKind::kTransport);
  // Port 1 on loopback: nothing listens there.
  Response refused = client.Send(Get("http://127.0.0.1:1/"));
  EXPECT_EQ(refused.error, ErrorKind::kTransport);
  EXPECT_TRUE(absl::StartsWith(refused.error_message, "GET http://127.0.0.1:1/: ")) << refused.error_message;
}

TEST(ClientSsrfGuard, RefusesLoopbackByDefaultBeforeConnecting) {
  HttpServer server;
  server.Set("/", Json("{}"));
  Client client;  // default policy: public addresses only
  Response r = client.Send(Get(server.Url("/")));
  EXPECT_EQ(r.error, ErrorKind::kBlocked);
  EXPECT_EQ(r.error_message,
            "GET " + server.Url("/") + ": refused to connect: address 127.0.0.1 is a loopback, not a public address");
  EXPECT_EQ(r.error_detail, "refused to connect: address 127.0.0.1 is a loopback, not a public address");
  Response posted = client.Send({Method::kPost, server.Url("/"), {}, "{}"});
  EXPECT_EQ(posted.error, ErrorKind::kBlocked);
  EXPECT_TRUE(absl::StartsWith(posted.error_message, "POST " + server.Url("/") + ": refused to connect"));
  // The cloud metadata address is refused before any packet leaves.
  Response metadata = client.Send({Method::kPost, "http://169.254.169.254/latest/meta-data/", {}, "{}"});
  EXPECT_EQ(metadata.error, ErrorKind::kBlocked);
  EXPECT_TRUE(absl::StrContains(metadata.error_detail, "169.254.169.254 is a link-local")) << metadata.error_detail;
  EXPECT_EQ(server.RequestCount("/"), 0);  // refused before any byte was sent
}

TEST(ClientSsrfGuard, ChecksTheAddressANameResolvesTo) {
  HttpServer server;
  server.Set("/", Json("{}"));
  Client client;
  // "localhost" is a name, not an address: the check happens after resolution.
  Response r = client.Send(Get("http://localhost:" + std::to_string(server.port()) + "/"));
  EXPECT_EQ(r.error, ErrorKind::kBlocked) << r.error_message;
  EXPECT_EQ(server.RequestCount("/"), 0);
}

TEST(ClientSsrfGuard, ChecksEveryRedirectTarget) {
  HttpServer server;
  // An allowed page redirects to another loopback address (standing in for a private
  // one) and to the cloud metadata address: both are refused at connect time.
  server.Set("/to-private", RedirectTo(302, "http://127.0.0.2:" + std::to_string(server.port()) + "/secret"));
  server.Set("/to-metadata", RedirectTo(301, "http://169.254.169.254/latest/meta-data/"));
  server.Set("/secret", Json("{\"secret\":true}"));
  Client client(Loopback());  // allows 127.0.0.1 only
  Response r = client.Send(Get(server.Url("/to-private")));
  EXPECT_EQ(r.error, ErrorKind::kBlocked) << r.error_message;
  EXPECT_TRUE(absl::StrContains(r.error_message, "address 127.0.0.2 is a loopback")) << r.error_message;
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(server.RequestCount("/secret"), 0);
  Response m = client.Send(Get(server.Url("/to-metadata")));
  EXPECT_EQ(m.error, ErrorKind::kBlocked) << m.error_message;
  EXPECT_TRUE(absl::StrContains(m.error_message, "169.254.169.254 is a link-local")) << m.error_message;
}

TEST(ConnectHost, TheHostLibcurlConnectsTo) {
  EXPECT_EQ(ConnectHost("https://Hooks.Example.com/services/T0/B0"), "hooks.example.com");
  EXPECT_EQ(ConnectHost("http://user:pw@evil.example:8080/x"), "evil.example");
  EXPECT_EQ(ConnectHost("http://[::1]:8080/"), "[::1]");
  EXPECT_EQ(ConnectHost("not a url"), "");
}

}  // namespace
}  // namespace statusphere::http
