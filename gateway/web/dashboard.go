package web

// The dashboard: static HTML, CSS and JavaScript modules embedded in the binary, served at
// "/" (index.html) and under "/ui/" (its assets). Everything it shows comes from the same
// origin's /api/v1, so the Content-Security-Policy forbids any other origin: a status page's
// hostile text can neither load a script nor send data anywhere.

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"

	"statusphere/gateway/httperror"
	"statusphere/gateway/middleware"
)

// The files beside this one; a new top-level file or folder is added here.
//
//go:embed index.html ui
var dashboardFiles embed.FS

const dashboardAssetPrefix = "/ui/"

const dashboardPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

type dashboardAsset struct {
	body        []byte
	contentType string
	etag        string // strong: the content's hash, quoted
}

// Dashboard serves the embedded files.
type Dashboard struct {
	assets map[string]dashboardAsset // by URL path
}

// NewDashboard reads the embedded files once, with their hashes.
func NewDashboard() (*Dashboard, error) {
	d := &Dashboard{assets: map[string]dashboardAsset{}}
	err := fs.WalkDir(dashboardFiles, ".", func(name string, entry fs.DirEntry, err error) error {
		if err != nil || entry.IsDir() {
			return err
		}
		body, err := dashboardFiles.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		contentType := mime.TypeByExtension(path.Ext(name))
		if path.Ext(name) == ".js" {
			contentType = "text/javascript; charset=utf-8" // modules must not be sniffed as anything else
		}
		urlPath := "/" + name
		if urlPath == "/index.html" {
			urlPath = "/"
		}
		d.assets[urlPath] = dashboardAsset{body: body, contentType: contentType, etag: `"` + hex.EncodeToString(sum[:16]) + `"`}
		return nil
	})
	return d, err
}

// Owns tells the paths the dashboard answers: everything else (the API above all) is untouched.
func (d *Dashboard) Owns(urlPath string) bool {
	return urlPath == "/" || strings.HasPrefix(urlPath, dashboardAssetPrefix)
}

func (d *Dashboard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		runtime.OtherErrorHandler(w, r, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	asset, ok := d.assets[r.URL.Path]
	if !ok || r.URL.Path == "/index.html" {
		httperror.WriteJSON(w, http.StatusNotFound, "no such dashboard file")
		return
	}
	// The gzip middleware compresses when the client accepts it: a strong ETag names one
	// representation, so the compressed one has its own.
	etag := asset.etag
	if middleware.AcceptsGzip(r) {
		etag = strings.TrimSuffix(etag, `"`) + `-gzip"`
	}
	h := w.Header()
	h.Set("ETag", etag)
	// Revalidated on every use (a 304 costs a few bytes): the file names carry no version,
	// so a cached copy must never outlive a gateway upgrade.
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", dashboardPolicy)
	h.Set("Referrer-Policy", "no-referrer")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", asset.contentType)
	w.Write(asset.body)
}

func etagMatches(ifNoneMatch, etag string) bool {
	for _, candidate := range strings.Split(ifNoneMatch, ",") {
		candidate = strings.TrimSpace(candidate)
		if candidate == "*" || candidate == etag {
			return true
		}
	}
	return false
}
