// Fuzz target for a provider's Parse. Atlassian Statuspage: summary.json, incidents.json,
// scheduled-maintenances.json, history.atom, and four /history?page=N HTML pages; and the
// home page's parser, which Parse reaches only when the API failed (a second fetch round).
#include <cstddef>
#include <cstdint>

#include "providers/atlassian_statuspage/atlassian_statuspage.h"
#include "providers/atlassian_statuspage/home_page.h"
#include "providers/fuzzing/documents.h"
#include "providers/fuzzing/page_invariants.h"
#include "providers/fuzzing/provider_fuzzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* fuzzer = new statusphere::fuzz::ProviderFuzzer(
      *new statusphere::providers::AtlassianStatuspage(), "https://status.example.com",
      {
          R"({"page":{"id":"p"},"components":[]})",
          R"({"incidents":[]})",
          R"({"scheduled_maintenances":[]})",
          R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title></feed>)",
          R"(<div data-react-class="HistoryIndex" data-react-props="{&quot;months&quot;:[]}"></div>)",
          R"(<div data-react-class="HistoryIndex" data-react-props="{&quot;months&quot;:[]}"></div>)",
          R"(<div data-react-class="HistoryIndex" data-react-props="{&quot;months&quot;:[]}"></div>)",
          R"(<div data-react-class="HistoryIndex" data-react-props="{&quot;months&quot;:[]}"></div>)",
      });
  fuzzer->Run(data, size);
  statusphere::fuzz::CheckParseResult(
      "atlassian-statuspage home page",
      statusphere::providers::ParseStatuspageHomePage("https://status.example.com", "https://status.example.com",
                                                      statusphere::fuzz::AsText(data, size)));
  return 0;
}
