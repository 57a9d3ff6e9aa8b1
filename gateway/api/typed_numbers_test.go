package api

import (
	"net/http/httptest"
	"net/url"
	"reflect"
	"testing"
)

func TestRESTRequestsLoseOnlyTheTypedNumbers(t *testing.T) {
	r := httptest.NewRequest("GET", "/api/v1/incidents?statusPageUrl=https://a.example&limit=2&maxIncidents=5&window_days=3&max_entries=1", nil)
	stripped := withoutGRPCOnlyParameters(r)
	got, err := url.ParseQuery(stripped.URL.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"statusPageUrl": {"https://a.example"}, "limit": {"2"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stripped query %v, want %v", got, want)
	}
	if r.URL.Query().Get("maxIncidents") != "5" {
		t.Errorf("the original request was changed: %s", r.URL.RawQuery)
	}

	plain := httptest.NewRequest("GET", "/api/v1/uptime?statusPageUrl=https%3A%2F%2Fa.example&days=abc", nil)
	if withoutGRPCOnlyParameters(plain) != plain {
		t.Errorf("a request naming no typed field was copied")
	}
}
