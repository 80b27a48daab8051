package web

import (
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// saveContact saves the user's notification settings as runtime checks
// them; a setting it refuses shows the form again with what was typed
// and why.
func (s *Server) saveContact(w http.ResponseWriter, r *http.Request) {
	in := runtime.Contact{
		Email: r.PostFormValue("email"), Mobile: r.PostFormValue("mobile"),
		ByEmail: r.PostFormValue("by_email") != "", BySMS: r.PostFormValue("by_sms") != "",
	}
	if len(in.Email) > runtime.MaxEmail || len(in.Mobile) > runtime.MaxMobile {
		s.fail(w, r, errTooLarge)
		return
	}
	ct, errs := runtime.CheckContact(in)
	if len(errs) > 0 {
		s.renderContact(w, r, http.StatusBadRequest, in, errs)
		return
	}
	u := userFrom(r.Context())
	ctx := r.Context()
	if u.Kind == auth.Staff {
		st, err := s.store.Staff(ctx, u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		st.SetContact(ct)
		if err := s.store.PutStaff(ctx, st); err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		c, err := s.store.Citizen(ctx, u.ID)
		if errors.Is(err, runtime.ErrNotFound) {
			c, err = runtime.Citizen{PNR: u.ID, Name: u.Name}, nil
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		c.SetContact(ct)
		if err := s.store.PutCitizen(ctx, c); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.setFlash(w, r, "web.flash.contact_saved")
	redirect(w, r, contactURL(r))
}
