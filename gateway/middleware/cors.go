package middleware

// CORS: the API is public and read-only, so any origin may call it from a browser (the
// original frontend runs on another origin and reads the API base URL from its env).
// Paths that write or hold sessions (/mcp) grant origins themselves: ownCORS names them.

import "net/http"

// CORS lets any origin read the API and answers preflights, except on the paths for
// which ownCORS is true (nil: none), which it passes on untouched.
func CORS(next http.Handler, ownCORS func(path string) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ownCORS != nil && ownCORS(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			// Preflight (or a plain OPTIONS): answer here, whatever the path.
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			if requested := r.Header.Get("Access-Control-Request-Headers"); requested != "" {
				h.Set("Access-Control-Allow-Headers", requested)
			}
			h.Set("Access-Control-Max-Age", "86400")
			h.Set("Allow", "GET, HEAD, OPTIONS")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// HeadAsGet serves HEAD like GET (net/http drops the body): uptime monitors use HEAD,
// and the grpc-gateway mux would answer 405 because only GET is registered.
func HeadAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			r2 := r.Clone(r.Context())
			r2.Method = http.MethodGet
			r = r2
		}
		next.ServeHTTP(w, r)
	})
}
