package mcp

// Finding a vendor's page from what a person or model calls it: a status page URL (with or
// without its scheme), the page's name, or words the page search matches ("git hub").

import (
	"context"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	statusphere "statusphere/v1"
)

type backend struct {
	client statusphere.StatusPageServiceClient
}

// A vendor list is short; this bounds the backend calls one tool call makes.
const maxVendors = 50

// found is a page and how the reference matched it.
type found struct {
	page      *statusphere.StatusPage
	matchedBy string // "url", "name" or "search"
}

// findPage looks a vendor up: as a URL when it looks like one, then by name, then the
// first hit of the page search. The page comes with its components.
func (b backend) findPage(ctx context.Context, vendor string) (found, error) {
	vendor = strings.TrimSpace(vendor)
	if vendor == "" {
		return found{}, argumentError("a vendor (a page's name or status page URL) must not be empty")
	}
	if url, ok := asURL(vendor); ok {
		page, err := b.client.GetStatusPage(ctx, &statusphere.GetStatusPageRequest{StatusPageUrl: url})
		if err == nil {
			return found{page.GetStatusPage(), "url"}, nil
		}
		// An explicit URL that is not a page is an answer; a bare host may still be a name.
		if status.Code(err) != codes.NotFound || strings.Contains(vendor, "://") {
			return found{}, err
		}
	}
	page, err := b.client.GetStatusPage(ctx, &statusphere.GetStatusPageRequest{StatusPageName: vendor})
	if err == nil {
		return found{page.GetStatusPage(), "name"}, nil
	}
	if status.Code(err) != codes.NotFound {
		return found{}, err
	}
	hits, err := b.client.SearchStatusPages(ctx, &statusphere.SearchStatusPagesRequest{Query: vendor})
	if err != nil {
		return found{}, err
	}
	if len(hits.GetStatusPages()) == 0 {
		return found{}, status.Errorf(codes.NotFound, "no status page is named or matches %q (search_vendors lists candidates)", vendor)
	}
	page, err = b.client.GetStatusPage(ctx, &statusphere.GetStatusPageRequest{StatusPageUrl: hits.GetStatusPages()[0].GetUrl()})
	if err != nil {
		return found{}, err
	}
	return found{page.GetStatusPage(), "search"}, nil
}

// asURL: "https://x/y" as it is; "status.example.com" (a dot, no spaces) with https://.
func asURL(vendor string) (string, bool) {
	if strings.Contains(vendor, "://") {
		return vendor, true
	}
	if strings.Contains(vendor, ".") && !strings.ContainsAny(vendor, " \t") {
		return "https://" + vendor, true
	}
	return "", false
}

// checkVendorList bounds a tool's list of vendors.
func checkVendorList(argument string, vendors []string, required bool) error {
	if required && len(vendors) == 0 {
		return argumentError("%s is required: a list of at least one vendor name or status page URL", argument)
	}
	if len(vendors) > maxVendors {
		return argumentError("%s has %d vendors; at most %d at once", argument, len(vendors), maxVendors)
	}
	return nil
}
