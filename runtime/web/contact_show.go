package web

import (
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
	"github.com/stegvis/stegvis/themes/view"
)

// showContact shows the user's notification settings: for a citizen
// linked from their start page, for staff under "Min profil".
func (s *Server) showContact(w http.ResponseWriter, r *http.Request) {
	ct, err := s.contactOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderContact(w, r, http.StatusOK, ct, nil)
}

// contactOf reads the user's contact settings; a citizen not yet in the
// directory has none.
func (s *Server) contactOf(r *http.Request) (runtime.Contact, error) {
	u := userFrom(r.Context())
	if u.Kind == auth.Staff {
		st, err := s.store.Staff(r.Context(), u.ID)
		if err != nil {
			return runtime.Contact{}, err
		}
		return runtime.StaffContact(st), nil
	}
	c, err := s.store.Citizen(r.Context(), u.ID)
	if errors.Is(err, runtime.ErrNotFound) {
		return runtime.Contact{}, nil
	}
	if err != nil {
		return runtime.Contact{}, err
	}
	return runtime.CitizenContact(c), nil
}

// contactURL is where the user's settings are.
func contactURL(r *http.Request) string {
	if userFrom(r.Context()).Kind == auth.Staff {
		return areaURL(unitFrom(r.Context()).ID, areaProfile)
	}
	return citizenContactURL
}

func (s *Server) renderContact(w http.ResponseWriter, r *http.Request, status int, ct runtime.Contact, errs []*runtime.ContactError) {
	cat := s.cat(r)
	data := &view.ContactData{Action: contactURL(r), Email: ct.Email, Mobile: ct.Mobile, ByEmail: ct.ByEmail, BySMS: ct.BySMS,
		Intro: cat.T("web.contact.intro")}
	for _, e := range errs {
		if data.Errors == nil {
			data.Errors = map[string]string{}
		}
		data.Errors[e.Field] = cat.T("web.contact.error." + e.Field + "." + e.Reason)
	}
	title := cat.T("web.title.contact")
	if userFrom(r.Context()).Kind == auth.Staff {
		title = cat.T("web.title.profile")
	}
	s.render(w, r, status, "contact", title, data)
}
