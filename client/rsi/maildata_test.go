package rsi

import (
	"strings"
	"testing"
	"time"
)

func TestParseMailDataTooLarge(t *testing.T) {
	for _, v := range []string{"too-large", " too-large\r\n"} {
		entries, tooLarge, err := ParseMailData([]byte(v))
		if err != nil || !tooLarge || entries != nil {
			t.Errorf("%q: %v, %v, %v", v, entries, tooLarge, err)
		}
	}
}

func TestParseMailDataEmpty(t *testing.T) {
	// What the NS sends when nothing is stored (c_oim.txt, A-NS).
	md := `<MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E><Q><QTM>409600</QTM><QNM>204800</QNM></Q></MD>`
	entries, tooLarge, err := ParseMailData([]byte(md))
	if err != nil || tooLarge || len(entries) != 0 {
		t.Errorf("%v, %v, %v", entries, tooLarge, err)
	}
}

// Entries of the notification of a message just stored: no RT, a space
// inside the encoded name, a trailing <SU>.
func TestParseMailDataJustStored(t *testing.T) {
	md := `<MD><M><T>11</T><S>6</S><RS>0</RS><SZ>989</SZ><E>alice@example.com</E><I>B649CEA3-C694-483E-ADF8-BFFC5527938C</I><F>.!!OIM</F><N>=?utf-8?B?QWxpY2U= ?=</N></M><SU> </SU></MD>`
	entries, _, err := ParseMailData([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{ID: "B649CEA3-C694-483E-ADF8-BFFC5527938C", From: "alice@example.com", FromName: "Alice", Size: 989}
	if len(entries) != 1 || entries[0] != want {
		t.Errorf("got %+v, want %+v", entries, want)
	}
}

func TestParseMailDataNames(t *testing.T) {
	for _, c := range []struct{ n, want string }{
		{"", ""},
		{"=?utf-8?B?Wm/DqyDimIM=?=", "Zoë ☃"},
		{"=?utf-8?Q?Zo=C3=AB_=E2=98=83?=", "Zoë ☃"},
		{"=?iso-8859-1?Q?Zo=EB?=", "Zoë"},
		{"=?ISO-8859-1?B?Wm/r?=", "Zoë"},
		{"=?windows-1252?Q?=93Hi=94_=80?=", "“Hi” €"},
		{"=?iso-8859-15?Q?=A4?=", "€"},
		{"=?utf-8?B?QWxp?= =?utf-8?B?Y2U=?=", "Alice"},
		{"Plain Name", "Plain Name"},
		{"=?x-unknown?B?QWxpY2U=?=", "=?x-unknown?B?QWxpY2U=?="},
		{"=?utf-8?B?TGluZQpCcmVhaw==?=", "Line Break"},
	} {
		md := "<MD><M><I>1</I><N>" + c.n + "</N></M></MD>"
		entries, _, err := ParseMailData([]byte(md))
		if err != nil || len(entries) != 1 {
			t.Errorf("%q: %v %v", c.n, entries, err)
			continue
		}
		if entries[0].FromName != c.want {
			t.Errorf("%q decoded to %q, want %q", c.n, entries[0].FromName, c.want)
		}
	}
}

// Fields that do not parse are left zero; only the id is required.
func TestParseMailDataLenient(t *testing.T) {
	md := `<MD><Q/><M><RT>yesterday</RT><SZ>big</SZ><I> 42 </I><X>?</X></M><M><RT>2005-11-15T22:24:27.000Z</RT><I>43</I></M></MD>`
	entries, _, err := ParseMailData([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{ID: "42"}, {ID: "43", Received: time.Date(2005, 11, 15, 22, 24, 27, 0, time.UTC)}}
	if len(entries) != 2 || entries[0] != want[0] || entries[1] != want[1] {
		t.Errorf("got %+v, want %+v", entries, want)
	}
}

func TestParseMailDataMalformed(t *testing.T) {
	for _, md := range []string{
		"",
		"   ",
		"too-large-ish",
		"<MD>",
		"<MD><M><I>1</I></M>",
		"<XD></XD>",
		"<MD></MD><MD></MD>",
		"<MD></MD>trailing",
		"text<MD></MD>",
		"<MD><M><I></I></M></MD>",
		"<MD><M></M></MD>",
		"<MD><M><I>a b</I></M></MD>",
		"<MD><M><I>a&#1;b</I></M></MD>",
		"<MD><M><I>" + strings.Repeat("x", 300) + "</I></M></MD>",
		"<MD><M><I>1</I><N>&bogus;</N></M></MD>",
	} {
		entries, tooLarge, err := ParseMailData([]byte(md))
		if err == nil || entries != nil || tooLarge {
			t.Errorf("%q: %v, %v, %v; want an error", md, entries, tooLarge, err)
		} else if !strings.HasPrefix(err.Error(), "rsi: ") {
			t.Errorf("%q: error %q lacks the package prefix", md, err)
		}
	}
}

func TestParseMailDataBound(t *testing.T) {
	build := func(n int) []byte {
		var b strings.Builder
		b.WriteString("<MD>")
		for range n {
			b.WriteString("<M><I>x</I></M>")
		}
		b.WriteString("</MD>")
		return []byte(b.String())
	}
	if entries, _, err := ParseMailData(build(MaxEntries)); err != nil || len(entries) != MaxEntries {
		t.Errorf("%d entries: %d, %v", MaxEntries, len(entries), err)
	}
	if _, _, err := ParseMailData(build(MaxEntries + 1)); err == nil || !strings.Contains(err.Error(), "more than 10000") {
		t.Errorf("%d entries: %v", MaxEntries+1, err)
	}
}
