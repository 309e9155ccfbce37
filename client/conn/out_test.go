package conn

import (
	"errors"
	"fmt"
	"testing"
)

// TestOutErrorMatchesSignedInElsewhere: only OUT OTH, wrapped or not, is
// a sign-in elsewhere.
func TestOutErrorMatchesSignedInElsewhere(t *testing.T) {
	for reason, want := range map[string]bool{"OTH": true, "SSD": false, "": false} {
		err := fmt.Errorf("ns: CHG: %w", &OutError{Reason: reason})
		if got := errors.Is(err, ErrSignedInElsewhere); got != want {
			t.Errorf("OUT %q: errors.Is = %v, want %v", reason, got, want)
		}
	}
}
