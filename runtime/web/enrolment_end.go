package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// endEnrolment ends the enrolment with a reason ("avsluta moment"), as
// chosen on its page: it is read-only afterwards, listed under
// "Avslutade", and the citizen can no longer open it. An optional
// message goes to the citizen's inbox, and an optional program of the
// unit starts for the citizen in its place, with the same responsible
// clinician.
func (s *Server) endEnrolment(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	l, unit := enrolmentFrom(r.Context()), unitFrom(r.Context())
	reason := r.PostFormValue("reason")
	message := strings.TrimSpace(r.PostFormValue("message"))
	program := r.PostFormValue("program")
	if !slices.Contains(runtime.EndReasons, reason) {
		s.fail(w, r, errBadRequest)
		return
	}
	data, err := s.endData(r, reason, message, program)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if data.Action == "" {
		s.fail(w, r, errEnded)
		return
	}
	now := s.now()
	var note runtime.Notification
	if message != "" {
		if s.notifier == nil {
			s.fail(w, r, errBadRequest)
			return
		}
		if note, err = runtime.EndNotification(l.E, message, now); err != nil {
			data.Errors = map[string]string{"message": cat.T("lifecycle.end.error.message", runtime.MaxEndMessage)}
			s.render(w, r, http.StatusUnprocessableEntity, "staff_end", cat.T("lifecycle.end.title"), data)
			return
		}
	}
	var act runtime.Activation
	if program != "" {
		if act, err = s.store.Activation(r.Context(), unit.ID, program); err != nil {
			if errors.Is(err, runtime.ErrNotFound) {
				err = errBadRequest.with(err)
			}
			s.fail(w, r, err)
			return
		}
	}

	key := commandKey(r)
	if _, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.staffActor(r), key, runtime.End(reason)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "enrolment ended", "enrolment", l.E.ID, "unit", unit.ID, "reason", reason)
	to, flash, args := manageURL(r), "web.flash.ended", []any{}
	if program != "" {
		e, err := s.startAfterEnd(r, l.E, act, key)
		if err != nil {
			s.log.ErrorContext(r.Context(), "start after end", "enrolment", l.E.ID, "program", program, "err", err)
			flash = "lifecycle.flash.start_failed"
		} else {
			to, flash, args = enrolmentURL(unit.ID, e.ID), "lifecycle.flash.ended_started", []any{optionLabel(data.Programs, program)}
		}
	}
	if message != "" {
		// Notify is idempotent per key: a retried end sends it once.
		if err := s.notifier.Notify(r.Context(), note); err != nil {
			s.log.ErrorContext(r.Context(), "end message", "enrolment", l.E.ID, "err", err)
			flash, args = "lifecycle.flash.message_failed", nil
		}
	}
	s.setFlash(w, r, flash, args...)
	redirect(w, r, to)
}

// startAfterEnd starts the program of act for the citizen of the ended
// enrolment ended, with its responsible clinician. A retried end finds it
// started already and returns that one.
func (s *Server) startAfterEnd(r *http.Request, ended *runtime.Enrolment, act runtime.Activation, key string) (*runtime.Enrolment, error) {
	p, err := s.bundles.program(r.Context(), act.Bundle)
	if err != nil {
		return nil, err
	}
	e, err := s.svc.Start(r.Context(), runtime.StartInput{
		Program: p, Bundle: act.Bundle, Unit: ended.Unit, Citizen: ended.Citizen, CitizenName: ended.CitizenName,
		Clinician: ended.Clinician, Actor: s.staffActor(r), Key: startKey(key),
	})
	if errors.Is(err, runtime.ErrExists) {
		running, lerr := s.svc.List(r.Context(), runtime.ByCitizen(ended.Citizen))
		if lerr != nil {
			return nil, lerr
		}
		for _, o := range running {
			if o.Program == act.Program && !o.Ended() {
				return o, nil
			}
		}
	}
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(r.Context(), "enrolment started", "enrolment", e.ID, "bundle", e.Bundle, "unit", e.Unit, "after", ended.ID)
	return e, nil
}

// startKey is the idempotency key of the start that follows an end, made
// from the end's; none without one.
func startKey(endKey string) string {
	if endKey == "" {
		return ""
	}
	return endKey + "/start"
}

// optionLabel returns the label of the option with value, or value.
func optionLabel(opts []view.OptionView, value string) string {
	for _, o := range opts {
		if o.Value == value {
			return o.Label
		}
	}
	return value
}
