package demo

import (
	"encoding/json"
	"fmt"

	"github.com/stegvis/stegvis/designer"
)

func decodeProgram(b []byte) (*designer.Program, error) {
	p := new(designer.Program)
	if err := json.Unmarshal(b, p); err != nil {
		return nil, fmt.Errorf("demo: decode program: %w", err)
	}
	return p, nil
}
