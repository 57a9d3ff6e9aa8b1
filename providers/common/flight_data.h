// Next.js App Router pages (incident.io, Instatus) carry the data they were rendered from as
// "flight data": inline <script>self.__next_f.push([1,"..."])</script> chunks whose JS string
// literals, concatenated, are a React Server Components payload: rows "<hex id>:<value>\n",
// most values JSON. Reading it needs no JavaScript: the script text comes from the HTML
// parser, the literals from a small decoder, the rows from the JSON parser.
#ifndef STATUSPHERE_PROVIDERS_COMMON_FLIGHT_DATA_H_
#define STATUSPHERE_PROVIDERS_COMMON_FLIGHT_DATA_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/common/json_fields.h"

namespace statusphere::providers {

// Decodes one JS string literal, quotes included ('...' or "..."), to UTF-8: the escapes
// \n \r \t \b \f \v \0 \' \" \\ \/, \xHH, \uHHHH (surrogate pairs joined, a lone surrogate
// becomes U+FFFD), \u{H...}, and line continuations. INVALID_ARGUMENT for anything else
// (an unterminated literal, a raw line break, a bad escape). `consumed`, when given, is set
// to the literal's length in `text`, which may go on after it.
absl::StatusOr<std::string> DecodeJsStringLiteral(absl::string_view text, size_t* consumed = nullptr);

// The concatenated payload of every `self.__next_f.push([1, "..."])` script of `html`, in
// document order (other chunk kinds, [0] and [2, ...], carry no payload). NOT_FOUND when
// the page has none (not a Next.js page, or one rendered on the client); INVALID_ARGUMENT
// when a chunk is there but is not a decodable literal.
absl::StatusOr<std::string> NextFlightPayload(absl::string_view html);

// The JSON rows of a payload, in order. Text rows ("T<hex length>,<bytes>"), module and
// hint rows ("I[...]", "HL[...]") and rows that are not JSON are skipped. React's string
// encoding is undone in the values: "$undefined" becomes null, "$$x" the string "$x";
// references ("$L1a", "$4:props:...") stay as they are. INVALID_ARGUMENT when a row nests
// deeper than ParseJsonObject allows.
absl::StatusOr<std::vector<Json>> FlightRows(absl::string_view payload);

// The first object (depth first, rows in order) that `matches`, or nullptr. Walked without
// recursion.
const Json* FindFlightObject(const std::vector<Json>& rows, const std::function<bool(const Json&)>& matches);

// The flight data of `html`, and the first object that `matches` in it: NOT_FOUND naming
// `url` and `what` when the page has no flight data or no such object.
absl::StatusOr<Json> FindInFlightData(absl::string_view url, absl::string_view html, absl::string_view what,
                                      const std::function<bool(const Json&)>& matches);

}  // namespace statusphere::providers

#endif  // STATUSPHERE_PROVIDERS_COMMON_FLIGHT_DATA_H_
