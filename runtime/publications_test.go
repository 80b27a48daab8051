package runtime_test

import (
	"errors"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

func TestClaim(t *testing.T) {
	ps := []runtime.Publication{
		{Program: "alpha", Version: "1.0", Bundle: "alpha@1.0+a"},
		{Program: "stress", Version: "1.0", Bundle: "stress@1.0+a", Unit: "u1"},
		{Program: "stress", Version: "1.1", Bundle: "stress@1.1+b", Unit: "u1"},
	}
	tests := []struct {
		name string
		p    runtime.Publication
		want runtime.Claim
		err  error
	}{
		{"a new program", runtime.Publication{Program: "new", Version: "1.0", Bundle: "new@1.0+a", Unit: "u2"}, runtime.Claim{Owner: "u2"}, nil},
		{"the owner's next version", runtime.Publication{Program: "stress", Version: "1.2", Bundle: "stress@1.2+c", Unit: "u1"}, runtime.Claim{Owner: "u1"}, nil},
		{"the same bundle again", runtime.Publication{Program: "stress", Version: "1.1", Bundle: "stress@1.1+b", Unit: "u1"}, runtime.Claim{Owner: "u1", Bundle: "stress@1.1+b"}, nil},
		{"another bundle of a version", runtime.Publication{Program: "stress", Version: "1.1", Bundle: "stress@1.1+c", Unit: "u1"}, runtime.Claim{Owner: "u1", Bundle: "stress@1.1+b"}, runtime.ErrVersionTaken},
		{"another unit", runtime.Publication{Program: "stress", Version: "1.2", Bundle: "stress@1.2+c", Unit: "u2"}, runtime.Claim{Owner: "u1"}, runtime.ErrNotPublisher},
		{"the operator", runtime.Publication{Program: "stress", Version: "1.2", Bundle: "stress@1.2+c"}, runtime.Claim{Owner: "u1"}, nil},
		{"the operator's program", runtime.Publication{Program: "alpha", Version: "1.1", Bundle: "alpha@1.1+b", Unit: "u1"}, runtime.Claim{}, runtime.ErrNotPublisher},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := runtime.PriorClaim(tt.p, ps)
			if c != tt.want {
				t.Errorf("PriorClaim = %+v, want %+v", c, tt.want)
			}
			if err := c.Check(tt.p); !errors.Is(err, tt.err) {
				t.Errorf("Check = %v, want %v", err, tt.err)
			}
		})
	}
}
