package web

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// webError is an error a user may see: a status, a code to quote to
// support and a catalogue key. Whatever caused it goes to the log only.
type webError struct {
	status int
	code   string
	key    string
	err    error
}

func (e *webError) Error() string {
	if e.err != nil {
		return e.code + ": " + e.err.Error()
	}
	return e.code
}

func (e *webError) Unwrap() error { return e.err }

// with returns a copy of e that records cause for the log.
func (e *webError) with(cause error) *webError {
	c := *e
	c.err = cause
	return &c
}

// The errors users see.
var (
	errBadRequest  = &webError{http.StatusBadRequest, "E400", "web.error.bad_request", nil}
	errInvalid     = &webError{http.StatusBadRequest, "E400-INVALID", "web.error.invalid", nil}
	errForbidden   = &webError{http.StatusForbidden, "E403", "web.error.forbidden", nil}
	errCSRF        = &webError{http.StatusForbidden, "E403-CSRF", "web.error.csrf", nil}
	errNotFound    = &webError{http.StatusNotFound, "E404", "web.error.not_found", nil}
	errConflict    = &webError{http.StatusServiceUnavailable, "E503-BUSY", "web.error.conflict", nil}
	errEnded       = &webError{http.StatusConflict, "E409-ENDED", "web.error.ended", nil}
	errMaintenance = &webError{http.StatusConflict, "E409-MAINT", "web.error.maintenance", nil}
	errBatteryDue  = &webError{http.StatusConflict, "E409-BATTERY", "web.error.battery_due", nil}
	errTooLarge    = &webError{http.StatusRequestEntityTooLarge, "E413", "web.error.too_large", nil}
	errInternal    = &webError{http.StatusInternalServerError, "E500", "web.error.internal", nil}
)

// classify turns any error into the webError to show.
func classify(err error) *webError {
	var we *webError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &we):
		if we.err == nil {
			return we.with(err)
		}
		return we
	case errors.As(err, &tooLarge):
		return errTooLarge.with(err)
	case errors.Is(err, runtime.ErrNotFound):
		return errNotFound.with(err)
	case errors.Is(err, runtime.ErrEnded):
		return errEnded.with(err)
	case errors.Is(err, runtime.ErrForbidden):
		return errForbidden.with(err)
	case errors.Is(err, runtime.ErrReadOnly):
		return errMaintenance.with(err)
	case errors.Is(err, runtime.ErrConflict):
		// A write that lost to other writers on the enrolment more often
		// than the service retries: busy, come back in a moment.
		return errConflict.with(err)
	case errors.Is(err, runtime.ErrTooLong):
		return errTooLong.with(err)
	case storeDown(err):
		return errStoreDown.with(err)
	case errors.Is(err, runtime.ErrBatteryDue):
		return errBatteryDue.with(err)
	case errors.Is(err, runtime.ErrInvalid):
		return errInvalid.with(err)
	}
	return errInternal.with(err)
}

// fail answers a request with the error page. Server errors are logged with
// their cause; the page shows only the code and the request id.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	we := classify(err)
	reqID := middleware.GetReqID(r.Context())
	if we.status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "code", we.code, "err", we.err, "path", r.URL.Path, "req", reqID)
	} else {
		s.log.InfoContext(r.Context(), "request refused", "code", we.code, "err", we.err, "path", r.URL.Path, "req", reqID)
	}
	if we.status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	if wantsJSON(r) {
		writeJSON(w, we.status, map[string]string{"code": we.code, "message": s.message(r, we)})
		return
	}
	s.render(w, r, we.status, "error", s.cat(r).T("web.title.error"), &view.ErrorData{
		Status: we.status, Code: we.code, Message: s.message(r, we), Ref: reqID,
		Kept: keptForm(r, we),
	})
}
