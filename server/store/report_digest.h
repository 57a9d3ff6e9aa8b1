// A digest of what a successful scrape report says about its page (incidents, components,
// the indicator, whether it lists every open incident, the provider). The store keeps the
// digest of the last report it merged: a report with the same one changes nothing, so it is
// not merged again (an unchanged page fetched with a 200 costs a lease and a tiny write).
#ifndef STATUSPHERE_SERVER_STORE_REPORT_DIGEST_H_
#define STATUSPHERE_SERVER_STORE_REPORT_DIGEST_H_

#include <string>

#include "server/store/store.h"

namespace statusphere::store {

// SHA-256 in hex, stable across processes and builds of the same proto schema. Validators,
// errors and retry hints are not content and are left out; a report that is not a success
// has no digest (empty).
std::string ReportDigest(const ScrapeReport& report);

}  // namespace statusphere::store

#endif  // STATUSPHERE_SERVER_STORE_REPORT_DIGEST_H_
