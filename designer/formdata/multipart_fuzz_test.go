package formdata

import (
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
)

// FuzzDecodeMultipart posts arbitrary multipart bodies, as a browser
// sends a form with enctype multipart/form-data: reading and decoding
// never panic, and the answers only name the form's questions.
func FuzzDecodeMultipart(f *testing.F) {
	part := func(name, value string) string {
		return "--B\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n"
	}
	f.Add(part("q.sleep", "1") + part("q.why", "hej") + "--B--\r\n")
	f.Add(part("q.slept.h", "7") + part("q.slept.m", "30") + part("q.weight", "1,5") + "--B--\r\n")
	f.Add(part("q.what", "noise") + part("q.what", "noise") + part("q.day", "2026-13-01") + "--B--\r\n")
	f.Add("--B\r\nContent-Disposition: form-data; name=\"q.why\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhej\r\n--B--\r\n")
	f.Add("--B\r\nContent-Disposition: form-data; name=\"q.why\"\r\n\r\nno end")
	form := testForm()
	f.Fuzz(func(t *testing.T, body string) {
		mf, err := multipart.NewReader(strings.NewReader(body), "B").ReadForm(1 << 20)
		if err != nil {
			return
		}
		defer mf.RemoveAll()
		a := Decode(form, url.Values(mf.Value))
		for id, vals := range a {
			if _, ok := form.Question(id); !ok {
				t.Fatalf("answer to unknown question %q", id)
			}
			if len(vals) == 0 {
				t.Fatalf("empty answer to %q", id)
			}
		}
		for id := range Validate(form, a) {
			if _, ok := form.Question(id); !ok {
				t.Fatalf("error for unknown question %q", id)
			}
		}
		if len(Clean(form, a)) > len(a) {
			t.Fatal("Clean added answers")
		}
	})
}
