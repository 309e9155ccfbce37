package oim

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msnp"
)

// With the captured inputs, the request is byte for byte the one the
// capturing client sent, for the first attempt (empty lock key), the retry
// and the run's second message.
func TestBuildStoreMatchesCaptured(t *testing.T) {
	first := readCaptured(t, "02-OimWS_oim.asmx.request.xml")
	ticket := capturedTicket(t, first)
	key := ChallengeResponse("1850937852", ProductID, ProductKey)
	second := capturedMessage
	second.Sequence, second.Text = 2, "Second offline message."
	for _, tt := range []struct {
		file string
		m    Message
		key  string
	}{
		{"02-OimWS_oim.asmx.request.xml", capturedMessage, ""},
		{"03-OimWS_oim.asmx.request.xml", capturedMessage, key},
		{"04-OimWS_oim.asmx.request.xml", second, key},
	} {
		want := readCaptured(t, tt.file)
		got := buildStore(&tt.m, ticket, tt.key)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: request differs\n got: %q\nwant: %q", tt.file, got, want)
		}
	}
}

// shape lists a document's elements in order, each as its depth, its
// namespace and local name, and its sorted attribute names (namespace
// declarations included), so two documents with the same shape differ
// only in text and attribute values.
func shape(t *testing.T, doc []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	var out []string
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			var attrs []string
			for _, a := range e.Attr {
				attrs = append(attrs, a.Name.Space+" "+a.Name.Local)
			}
			slices.Sort(attrs)
			out = append(out, strings.Repeat(".", depth)+e.Name.Space+" "+e.Name.Local+" ["+strings.Join(attrs, ", ")+"]")
			depth++
		case xml.EndElement:
			depth--
		}
	}
}

// contentOf returns the Content text of a request and the names of its
// MIME headers.
func contentOf(t *testing.T, doc []byte) (string, []string) {
	t.Helper()
	var env struct {
		Content string `xml:"Body>Content"`
	}
	if err := xml.Unmarshal(doc, &env); err != nil {
		t.Fatal(err)
	}
	head, _, ok := strings.Cut(env.Content, "\n\n")
	if !ok {
		t.Fatalf("content has no empty line: %q", env.Content)
	}
	var names []string
	for line := range strings.SplitSeq(head, "\n") {
		name, _, _ := strings.Cut(line, ":")
		names = append(names, name)
	}
	return env.Content, names
}

// Other inputs (a name that needs escaping and several encoded words, a
// long text, another sequence number) give the captured shape: the same
// elements, attributes and namespaces, and the same Content headers.
func TestBuildStoreShape(t *testing.T) {
	captured := readCaptured(t, "02-OimWS_oim.asmx.request.xml")
	m := Message{
		From:     "zoe+x@example.org",
		FromName: `Zoë "<&>" ☃ with a name long enough to need two encoded words`,
		To:       "bob@example.com",
		Text:     strings.Repeat("déjà vu <&> ", 100),
		Sequence: 7,
		RunID:    msnp.NewGUID(),
	}
	got := buildStore(&m, "t=abc&p=x\"y", "lock&key")
	if w, g := shape(t, captured), shape(t, got); !slices.Equal(w, g) {
		t.Errorf("shape differs\n got: %q\nwant: %q", g, w)
	}
	_, wantNames := contentOf(t, captured)
	_, gotNames := contentOf(t, got)
	if !slices.Equal(wantNames, gotNames) {
		t.Errorf("content headers %q, want %q", gotNames, wantNames)
	}

	// Values survive escaping.
	var env struct {
		From struct {
			Name   string `xml:"memberName,attr"`
			Friend string `xml:"friendlyName,attr"`
		} `xml:"Header>From"`
		Ticket struct {
			Passport string `xml:"passport,attr"`
			AppID    string `xml:"appid,attr"`
			LockKey  string `xml:"lockkey,attr"`
		} `xml:"Header>Ticket"`
		Number int `xml:"Header>Sequence>MessageNumber"`
	}
	if err := xml.Unmarshal(got, &env); err != nil {
		t.Fatal(err)
	}
	if env.From.Name != m.From || env.Ticket.Passport != `t=abc&p=x"y` || env.Ticket.LockKey != "lock&key" ||
		env.Ticket.AppID != ProductID || env.Number != 7 {
		t.Errorf("values read back: %+v", env)
	}
	if decodeName(t, env.From.Friend) != m.FromName {
		t.Errorf("friendly name %q does not decode to %q", env.From.Friend, m.FromName)
	}
}

// Without a friendly name the attribute is left out (an empty or plain
// one crashes Escargot); nothing else changes.
func TestBuildStoreNoFriendlyName(t *testing.T) {
	captured := readCaptured(t, "02-OimWS_oim.asmx.request.xml")
	m := capturedMessage
	m.FromName = ""
	got := buildStore(&m, capturedTicket(t, captured), "")
	want := bytes.Replace(captured, []byte(` friendlyName="=?utf-8?B?QWxpY2U=?="`), nil, 1)
	if !bytes.Equal(got, want) {
		t.Errorf("request differs\n got: %q\nwant: %q", got, want)
	}
}
