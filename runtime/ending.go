package runtime

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stegvis/stegvis/designer"
)

// Ending an enrolment (End, in lifecycle.go) cannot be undone: the
// enrolment takes no more changes but the clinician's acknowledgements,
// and the citizen can no longer open it (CitizenAccess). The clinician may
// send the citizen a last message to their inbox (EndNotification) and
// start another program at the same time; both are the web layer's to
// do after End.

// MaxEndMessage bounds the clinician's message at the end, in
// characters; a text must also fit the MaxInboxMessage bytes an inbox item
// keeps, which only a text of mostly emoji does not.
const MaxEndMessage = 500

// EndFlag names the end message in its notification's key and inbox item,
// where a flag's id stands otherwise.
const EndFlag = "end"

// EndNotification is the clinician's message to the citizen at the end of
// an enrolment, for their inbox: one per enrolment, so a retried end
// delivers it once. The text is trimmed; an empty or too long one is
// refused with ErrInvalid or ErrTooLong.
func EndNotification(e *Enrolment, message string, at time.Time) (Notification, error) {
	message = strings.TrimSpace(message)
	if message == "" {
		return Notification{}, invalid("end message: empty")
	}
	if err := checkLen("end message", message, MaxEndMessage); err != nil {
		return Notification{}, fmt.Errorf("end message: %w", err)
	}
	if len(message) > MaxInboxMessage {
		return Notification{}, fmt.Errorf("end message: %w", &TooLongError{What: "end message", Len: utf8.RuneCountInString(message), Max: MaxEndMessage})
	}
	r := Recipient{Kind: RecipientCitizen, ID: e.Citizen}
	return Notification{
		Key: NotificationKey(e.ID, EndFlag, "", r), Enrolment: e.ID, Unit: e.Unit, Flag: EndFlag,
		Recipient: r, Message: message, Delivery: designer.DeliveryImmediate, At: at.UTC(),
	}, nil
}
