// One leased page, scraped: choose the provider (remembered, else detected through the
// cascade), fetch its documents with conditional requests, parse them, and build the report.
#ifndef STATUSPHERE_SCRAPER_PAGE_SCRAPE_H_
#define STATUSPHERE_SCRAPER_PAGE_SCRAPE_H_

#include "scraper/fetcher.h"
#include "statusphere/v1/scrape_service.pb.h"

namespace statusphere::scraper {

// Never throws and never returns without an outcome: failures are reports too.
statusphere::v1::ReportScrapeResultRequest ScrapePage(const statusphere::v1::Lease& lease, Fetcher& fetcher);

}  // namespace statusphere::scraper

#endif  // STATUSPHERE_SCRAPER_PAGE_SCRAPE_H_
