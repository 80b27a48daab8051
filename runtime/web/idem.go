package web

import (
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/stegvis/stegvis/themes/view"
)

// commandKey returns the idempotency key of the command a request runs
// (runtime.Enrolments.DoKeyed): the key the rendered form posted
// (view.KeyField), so that a form posted twice is applied once, or else
// the request's id, so that the store's retries within the request are.
// The two kinds are told apart by a prefix, so a posted key can never
// pass for another request's id.
func commandKey(r *http.Request) string {
	if k := r.PostForm.Get(view.KeyField); k != "" {
		return "f:" + k
	}
	if id := requestRef(r); id != "" {
		return "r:" + id
	}
	return ""
}

// requestRef is the id the request-id middleware gave the request; empty
// without one, when commandKey has no key to give.
func requestRef(r *http.Request) string { return middleware.GetReqID(r.Context()) }
