package runtime

import (
	"testing"
	"time"
)

func TestDigestDueAcrossSummerTime(t *testing.T) {
	for _, tc := range []struct{ at, want string }{
		{"2027-03-27 07:00", "2027-03-27 08:00"},
		{"2027-03-27 08:00", "2027-03-28 08:00"},
		{"2027-03-27 23:30", "2027-03-28 08:00"}, // the night summer time begins
		{"2027-10-30 22:00", "2027-10-31 08:00"}, // and ends
	} {
		at, _ := time.ParseInLocation("2006-01-02 15:04", tc.at, Stockholm)
		if got := DigestDue(at).In(Stockholm).Format("2006-01-02 15:04"); got != tc.want {
			t.Errorf("DigestDue(%s) = %s, want %s", tc.at, got, tc.want)
		}
	}
}

func TestCheckText(t *testing.T) {
	for _, ok := range []string{"Du har något nytt i stegvis. Logga in på 1177 och välj stegvis.", "Nytt i stegvis"} {
		if err := CheckText(ok); err != nil {
			t.Errorf("CheckText(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"Logga in på https://stegvis.example.se", "se www.1177.se", "<a href=x>", "HTTP://X"} {
		if err := CheckText(bad); err == nil {
			t.Errorf("CheckText(%q) took a link", bad)
		}
	}
}

func TestRecipientKeyHidesPnr(t *testing.T) {
	k := RecipientKey(Recipient{Kind: RecipientCitizen, ID: "191212121212"})
	if len(k) < 10 || k == "citizen:191212121212" || RecipientKey(Recipient{Kind: RecipientStaff, ID: "anna"}) != "staff:anna" {
		t.Errorf("RecipientKey = %s", k)
	}
}

func TestInboxItemOfCutsLongText(t *testing.T) {
	long := ""
	for len(long) <= MaxInboxMessage {
		long += "åäö"
	}
	it := InboxItemOf(Notification{Key: "k", Message: long})
	if len(it.Message) > MaxInboxMessage || len(it.Message) < MaxInboxMessage-3 {
		t.Errorf("message of %d bytes", len(it.Message))
	}
}
