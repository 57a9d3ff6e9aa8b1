// A tiny libcurl client for the gateway's end-to-end tests: one request, the status, the
// headers (names lower-cased) and the raw body.
#ifndef STATUSPHERE_TESTS_GATEWAY_HTTP_CLIENT_H_
#define STATUSPHERE_TESTS_GATEWAY_HTTP_CLIENT_H_

#include <map>
#include <string>
#include <vector>

namespace statusphere::testing {

struct RestResponse {
  long status = 0;  // 0 when the request failed (see error)
  std::string error;
  std::map<std::string, std::string> headers;
  std::string body;

  // The header's value, or "" when absent.
  std::string Header(const std::string& lowercase_name) const;
};

struct HttpRequest {
  std::string url;
  std::string method = "GET";
  std::vector<std::string> headers;  // "Name: value"
  // Lets libcurl negotiate gzip and decode the body (Accept-Encoding: gzip). Without it
  // the body arrives exactly as sent, e.g. still compressed after a manual header.
  bool decode_gzip = false;
  // The local address to connect from (e.g. 127.0.0.2, another client on loopback); empty: any.
  std::string source_address;
};

RestResponse Fetch(const HttpRequest& request);
inline RestResponse Get(const std::string& url) { return Fetch(HttpRequest{url}); }

}  // namespace statusphere::testing

#endif  // STATUSPHERE_TESTS_GATEWAY_HTTP_CLIENT_H_
