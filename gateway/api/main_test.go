package api

import (
	"io"
	"os"
	"testing"

	"statusphere/gateway/httperror"
	"statusphere/gateway/logging"
)

// TestMain sets up what main does for every request: the JSON error handlers. The access
// log is dropped: the tests read answers, not logs.
func TestMain(m *testing.M) {
	httperror.Install()
	logging.SetOutput(io.Discard)
	os.Exit(m.Run())
}
