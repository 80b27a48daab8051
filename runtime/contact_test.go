package runtime

import (
	"errors"
	"testing"
)

func TestParseMobile(t *testing.T) {
	for in, want := range map[string]string{
		"0701234567":       "+46701234567",
		"070-123 45 67":    "+46701234567",
		"+46 73 123 45 67": "+46731234567",
		"+46761234567":     "+46761234567",
		"0046 79 1234567":  "+46791234567",
		"072-1234567":      "+46721234567",
	} {
		got, err := ParseMobile(in)
		if err != nil || got != want {
			t.Errorf("ParseMobile(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "070123456", "07012345678", "081234567", "0811234567", "+4570123456", "+46 8 123 456 78", "0701234567x", "07+01234567", "0741234567"} {
		if got, err := ParseMobile(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseMobile(%q) = %q, %v; want ErrInvalid", bad, got, err)
		}
	}
}

func TestParseEmail(t *testing.T) {
	for _, ok := range []string{"anna@example.se", "a.b+c@mottagning.region.se"} {
		if got, err := ParseEmail(ok); err != nil || got != ok {
			t.Errorf("ParseEmail(%q) = %q, %v", ok, got, err)
		}
	}
	for _, bad := range []string{"", "anna", "anna@", "@example.se", "Anna <anna@example.se>", "anna@example", "anna@example.se.", "a b@example.se"} {
		if _, err := ParseEmail(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseEmail(%q) took it", bad)
		}
	}
}

func TestCheckContact(t *testing.T) {
	tests := []struct {
		name string
		in   Contact
		want Contact
		errs []string
	}{
		{"nothing", Contact{}, Contact{}, nil},
		{"sms", Contact{Mobile: " 070-123 45 67 ", BySMS: true}, Contact{Mobile: "+46701234567", BySMS: true}, nil},
		{"address kept while off", Contact{Email: "anna@example.se"}, Contact{Email: "anna@example.se"}, nil},
		{"on without address", Contact{ByEmail: true, BySMS: true}, Contact{ByEmail: true, BySMS: true}, []string{"email required", "mobile required"}},
		{"bad", Contact{Email: "anna", Mobile: "123"}, Contact{}, []string{"email invalid", "mobile invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := CheckContact(tt.in)
			var es []string
			for _, e := range errs {
				es = append(es, e.Field+" "+e.Reason)
				if !errors.Is(e, ErrInvalid) {
					t.Errorf("%v is not ErrInvalid", e)
				}
			}
			if len(es) != len(tt.errs) || (len(es) > 0 && es[0] != tt.errs[0]) || (len(es) > 1 && es[1] != tt.errs[1]) {
				t.Errorf("errors = %v, want %v", es, tt.errs)
			}
			if len(tt.errs) == 0 && got != tt.want {
				t.Errorf("CheckContact = %+v, want %+v", got, tt.want)
			}
			if got := (Contact{Email: "a@b.se", ByEmail: true, Mobile: "+46701234567"}).Channels(); len(got) != 1 || got[0] != ChannelEmail {
				t.Errorf("Channels = %v", got)
			}
		})
	}
}
