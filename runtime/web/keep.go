package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// The errors of a post that can be tried again with what was typed.
var (
	errTooLong   = &webError{http.StatusUnprocessableEntity, "E422-TOOLONG", "web.error.too_long", nil}
	errStoreDown = &webError{http.StatusServiceUnavailable, "E503-STORE", "web.error.store_unavailable", nil}
)

// retryAfter is the Retry-After of every 503, in seconds.
const retryAfter = "5"

// storeDown reports whether err means the store did not answer in time.
func storeDown(err error) bool {
	return errors.Is(err, runtime.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded)
}

// message is the text of the error page for we: the catalogue's, with the
// limit for a text that is too long.
func (s *Server) message(r *http.Request, we *webError) string {
	var tl *runtime.TooLongError
	if errors.As(we, &tl) {
		return s.cat(r).T(we.key, tl.Max)
	}
	return s.cat(r).T(we.key)
}

// keptForm returns the refused post with what was typed, for the error
// page to offer again, when the post may succeed if tried again: the store
// was down, the service busy, or a text too long to keep. It reads a form
// that no middleware has read yet, as when the session could not be
// loaded, within the same limits.
func keptForm(r *http.Request, we *webError) *view.KeptForm {
	if r.Method != http.MethodPost || we.status != http.StatusServiceUnavailable && we.code != errTooLong.code {
		return nil
	}
	if r.PostForm == nil {
		ctype := r.Header.Get("Content-Type")
		if !strings.HasPrefix(ctype, "application/x-www-form-urlencoded") || r.ContentLength > maxForm {
			return nil
		}
		r.Body = http.MaxBytesReader(nil, r.Body, maxForm)
		if r.ParseForm() != nil {
			return nil
		}
	}
	if len(r.PostForm) == 0 {
		return nil
	}
	k := &view.KeptForm{Action: r.URL.Path}
	names := make([]string, 0, len(r.PostForm))
	for name := range r.PostForm {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for i, v := range r.PostForm[name] {
			k.Fields = append(k.Fields, view.KeptField{
				ID: fmt.Sprintf("kept-%d-%d", len(k.Fields), i), Name: name, Value: v,
				Text: name != view.CSRFField && (len(v) > 40 || strings.ContainsAny(v, " \n")),
			})
		}
	}
	return k
}

// answersFailed answers a post of a step's form that the store refused or
// could not take, with the form again holding what was typed: the answer
// that is too long marked, or a notice that the store is down. It reports
// false for any other error, which the caller answers.
func (s *Server) answersFailed(w http.ResponseWriter, r *http.Request, l *loaded, module, step string, answers formdata.Answers, err error) bool {
	var tl *runtime.TooLongError
	var errs formdata.Errors
	status := http.StatusUnprocessableEntity
	key := ""
	switch {
	case errors.As(err, &tl):
		key = formdata.ErrTooLong
		switch tl.What {
		case "form":
			key = "form.error.form_too_long"
		case "drafts":
			key = "form.error.drafts_too_long"
		}
		if tl.Question != "" {
			errs = formdata.Errors{tl.Question: {Key: key, Args: []any{tl.Max}}}
		}
	case storeDown(err):
		status, key = http.StatusServiceUnavailable, "web.form.unavailable"
	default:
		return false
	}
	s.log.InfoContext(r.Context(), "answers refused", "err", err, "path", r.URL.Path)
	if wantsJSON(r) {
		msg := s.cat(r).T(key)
		if tl != nil {
			msg = s.cat(r).T(key, tl.Max)
		}
		if status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", retryAfter)
		}
		writeJSON(w, status, map[string]string{"message": msg})
		return true
	}
	sv, verr := s.stepView(r, l, module, step, answers, errs)
	if verr != nil {
		s.fail(w, r, err)
		return true
	}
	if status == http.StatusServiceUnavailable {
		// Shown on this page only: the session cannot be written now.
		if ss := sessionFrom(r.Context()); ss != nil {
			ss.Flash = &flash{Key: key, Error: true}
		}
		w.Header().Set("Retry-After", retryAfter)
	}
	s.render(w, r, status, "citizen_step", sv.Title, sv)
	return true
}
