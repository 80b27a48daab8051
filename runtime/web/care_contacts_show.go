package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// The contacts tab ("Kontakter"), for the citizen and the staff: the
// responsible clinician first, then the other contacts with who added and
// last changed each, and a form to add one. Each contact has a page of
// its own to change or remove it, so every step works without
// JavaScript.

// hasContacts reports whether the program shows the contacts tab.
func hasContacts(p *designer.Program) bool { return p.Has(designer.FeatureContacts) }

// careContactsURL is the contacts tab of the enrolment in the context.
func careContactsURL(r *http.Request) string { return careURL(r, "contacts") }

// careContactURL is one contact's page.
func careContactURL(r *http.Request, id string) string { return careURL(r, "contacts/"+id) }

// careContactRoutes are the contacts' routes, the same for the citizen
// and the staff.
func (s *Server) careContactRoutes(r chi.Router) {
	r.Get("/", s.showCareContacts)
	r.Post("/", s.addCareContact)
	r.Get("/{contact}", s.showCareContact)
	r.Post("/{contact}", s.changeCareContact)
	r.Post("/{contact}/delete", s.removeCareContact)
}

// showCareContacts shows the contacts tab.
func (s *Server) showCareContacts(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if !hasContacts(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	s.renderCareContacts(w, r, l, http.StatusOK, nil)
}

// renderCareContacts renders the contacts tab; add, when set, is a
// refused new contact to show again with its errors.
func (s *Server) renderCareContacts(w http.ResponseWriter, r *http.Request, l *loaded, status int, add *view.CareContactForm) {
	cat := s.cat(r)
	v := &view.CareContactsView{CareTop: s.careTop(r, l, tabContacts, cat.T("contacts.heading"))}
	resp, err := runtime.ResponsibleContact(r.Context(), s.store, l.E)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Responsible = view.ResponsibleView{Name: resp.Name, Unit: resp.Unit}
	if l.Program.Has(designer.FeatureMessages) && !staffSide(r) {
		v.Responsible.Messages = citizenBase(l.E) + "/messages"
	}
	names := map[string]string{}
	for _, c := range l.E.CareContacts {
		created, changed := s.stamped(r, l.E, c.Stamp, names)
		it := view.CareContactItem{ID: c.ID, Name: c.Name, Role: c.Role, Phone: c.Phone, PhoneHref: telURL(c.Phone),
			Email: c.Email, Note: c.Note, Created: created, Changed: changed, WasChanged: c.WasChanged()}
		if v.ReadOnly == "" {
			it.Edit = careContactURL(r, c.ID)
		}
		v.Contacts = append(v.Contacts, it)
	}
	if v.ReadOnly == "" && len(l.E.CareContacts) < runtime.MaxCareContacts {
		if add == nil {
			add = &view.CareContactForm{}
		}
		v.Add = careContactForm(add, careContactsURL(r))
	}
	s.render(w, r, status, "care_contacts", cat.T("contacts.heading"), v)
}

// careContactForm sets the action and limits of a contact's form.
func careContactForm(f *view.CareContactForm, action string) *view.CareContactForm {
	f.Action = action
	f.MaxName, f.MaxRole, f.MaxPhone, f.MaxNote, f.MaxEmail = runtime.MaxContactName, runtime.MaxContactRole, runtime.MaxPhone, runtime.MaxContactNote, runtime.MaxEmail
	return f
}

// showCareContact shows the page that changes or removes a contact.
func (s *Server) showCareContact(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	c, ok := l.E.CareContact(chi.URLParam(r, "contact"))
	if !hasContacts(l.Program) || !ok {
		s.fail(w, r, errNotFound)
		return
	}
	f := &view.CareContactForm{Name: c.Name, Role: c.Role, Phone: c.Phone, Email: c.Email, Note: c.Note}
	s.renderCareContact(w, r, l, http.StatusOK, c, f)
}

// renderCareContact renders a contact's page with the form f.
func (s *Server) renderCareContact(w http.ResponseWriter, r *http.Request, l *loaded, status int, c *runtime.CareContact, f *view.CareContactForm) {
	cat := s.cat(r)
	v := &view.CareContactEditView{CareTop: s.careTop(r, l, tabContacts, cat.T("contacts.heading")),
		Title: cat.T("contacts.edit.title", c.Name), Back: careContactsURL(r)}
	if v.ReadOnly == "" {
		v.Form = careContactForm(f, careContactURL(r, c.ID))
		v.Remove = careContactURL(r, c.ID) + "/delete"
	}
	s.render(w, r, status, "care_contact", v.Title, v)
}

// telURL is the tel: link of a phone number as typed, or "" for none. It
// keeps only the digits and a leading +, so it is safe as a link.
func telURL(phone string) template.URL {
	if phone == "" {
		return ""
	}
	var b strings.Builder
	for i, c := range phone {
		if c >= '0' && c <= '9' || c == '+' && i == 0 {
			b.WriteRune(c)
		}
	}
	return template.URL("tel:" + b.String())
}
