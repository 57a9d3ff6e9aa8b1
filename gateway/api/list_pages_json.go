package api

// /api/v1/statusPages without pageSize answers as it did before paging existed, byte for
// byte: {"statusPages":[...]}. With EmitDefaults (which the other answers need) the paging
// fields would otherwise appear in it as "nextPageToken":"" and "totalSize":0. (A paged
// answer on an empty list, total 0 and no token, is the same {"statusPages":[]}.)

import (
	"github.com/grpc-ecosystem/grpc-gateway/runtime"

	statusphere "statusphere/v1"
)

type unpagedListMarshaler struct {
	*runtime.JSONPb
}

func (m unpagedListMarshaler) Marshal(v interface{}) ([]byte, error) {
	if list, ok := v.(*statusphere.ListStatusPagesResponse); ok && list.NextPageToken == "" && list.TotalSize == 0 {
		// SearchStatusPagesResponse is exactly {statusPages}: the same JSON, no paging fields.
		v = &statusphere.SearchStatusPagesResponse{StatusPages: list.StatusPages}
	}
	return m.JSONPb.Marshal(v)
}
