package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// The contacts' actions: each decodes, asks its decision, and returns to
// the contacts tab; a contact the decision refuses is shown again with
// what was typed and why, beside each field.

// careContactInput is the posted contact.
func careContactInput(r *http.Request) runtime.CareContactInput {
	return runtime.CareContactInput{Name: r.PostFormValue("name"), Role: r.PostFormValue("role"),
		Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"), Note: formText(r, "note")}
}

// typedContact is the posted contact as the form shows it again.
func typedContact(in runtime.CareContactInput, errs map[string]string) *view.CareContactForm {
	return &view.CareContactForm{Name: in.Name, Role: in.Role, Phone: in.Phone, Email: in.Email, Note: in.Note, Errors: errs}
}

// doCareContact runs a decision on the contacts as the reader, once per
// idempotency key. It returns the error it did not answer itself: the
// fields a decision refused, for the caller to show.
func (s *Server) doCareContact(w http.ResponseWriter, r *http.Request, d runtime.Decision) (map[string]string, bool) {
	l := enrolmentFrom(r.Context())
	if !hasContacts(l.Program) {
		s.fail(w, r, errNotFound)
		return nil, false
	}
	_, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.careActor(r), commandKey(r), d)
	if err == nil {
		return nil, true
	}
	if errs, ok := s.fieldErrors(r, err, "contacts"); ok {
		return errs, false
	}
	s.fail(w, r, err)
	return nil, false
}

// addCareContact adds the posted contact.
func (s *Server) addCareContact(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	in := careContactInput(r)
	errs, ok := s.doCareContact(w, r, runtime.AddCareContact(l.Program, in))
	switch {
	case ok:
		s.setFlash(w, r, "contacts.flash.added")
		redirect(w, r, careContactsURL(r))
	case errs != nil:
		s.renderCareContacts(w, r, l, http.StatusUnprocessableEntity, typedContact(in, errs))
	}
}

// changeCareContact changes a contact to the posted one.
func (s *Server) changeCareContact(w http.ResponseWriter, r *http.Request) {
	l, id := enrolmentFrom(r.Context()), chi.URLParam(r, "contact")
	in := careContactInput(r)
	errs, ok := s.doCareContact(w, r, runtime.ChangeCareContact(l.Program, id, in))
	switch {
	case ok:
		s.setFlash(w, r, "contacts.flash.changed")
		redirect(w, r, careContactsURL(r))
	case errs != nil:
		c, found := l.E.CareContact(id)
		if !found {
			s.fail(w, r, errNotFound)
			return
		}
		s.renderCareContact(w, r, l, http.StatusUnprocessableEntity, c, typedContact(in, errs))
	}
}

// removeCareContact removes a contact.
func (s *Server) removeCareContact(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if _, ok := s.doCareContact(w, r, runtime.RemoveCareContact(l.Program, chi.URLParam(r, "contact"))); ok {
		s.setFlash(w, r, "contacts.flash.removed")
		redirect(w, r, careContactsURL(r))
	}
}
