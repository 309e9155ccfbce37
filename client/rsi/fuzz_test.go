package rsi

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseMessage(f *testing.F) {
	f.Add([]byte(oimText("=?utf-8?B?QWxpY2U=?= <alice@example.com>", "text/plain; charset=UTF-8", "base64", "SGkgQm9iIOKYgw==")))
	f.Add([]byte(oimText("=?iso-8859-1?Q?Zo=EB?= <zoe@example.com>", "text/plain; charset=iso-8859-1", "quoted-printable", "Caf=E9")))
	f.Add([]byte("From: a@example.com\nContent-Type: text/plain; charset=windows-1252\n\n\x93x\x94"))
	f.Add([]byte("From: <>\n\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := ParseMessage(raw)
		if err != nil {
			if m != (Message{}) {
				t.Errorf("message %+v returned with error %v", m, err)
			}
			if !strings.HasPrefix(err.Error(), "rsi: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			return
		}
		if m.From == "" || m.ID != "" || m.Sequence < 0 {
			t.Errorf("message %+v", m)
		}
		if !utf8.ValidString(m.Text) || !utf8.ValidString(m.FromName) {
			t.Errorf("not UTF-8: %+v", m)
		}
		if strings.ContainsFunc(m.FromName, isControl) || strings.ContainsFunc(m.RunID, isControl) {
			t.Errorf("control characters in %+v", m)
		}
		if !m.Received.IsZero() && m.Received.Location().String() != "UTC" {
			t.Errorf("received %v is not UTC", m.Received)
		}
	})
}

func FuzzParseMailData(f *testing.F) {
	f.Add([]byte("too-large"))
	f.Add([]byte(`<MD><E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E><Q><QTM>409600</QTM><QNM>204800</QNM></Q><M><T>11</T><S>6</S><RT>2026-11-24T21:11:57Z</RT><RS>0</RS><SZ>989</SZ><E>alice@example.com</E><I>B649CEA3-C694-483E-ADF8-BFFC5527938C</I><F>00000000-0000-0000-0000-000000000009</F><N>=?utf-8?B?QWxpY2U=?=</N></M></MD>`))
	f.Add([]byte(`<MD><M><I>x</I><N>=?utf-8?B?QWxpY2U= ?=</N></M><SU> </SU></MD>`))
	f.Add([]byte(`<MD><M><I>`))
	f.Fuzz(func(t *testing.T, md []byte) {
		entries, tooLarge, err := ParseMailData(md)
		if err != nil {
			if entries != nil || tooLarge {
				t.Errorf("%v, %v returned with error %v", entries, tooLarge, err)
			}
			if !strings.HasPrefix(err.Error(), "rsi: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			return
		}
		if tooLarge && entries != nil {
			t.Errorf("too-large with entries %v", entries)
		}
		if len(entries) > MaxEntries {
			t.Errorf("%d entries", len(entries))
		}
		for _, e := range entries {
			if checkID(e.ID) != nil || e.Size < 0 || e.Sequence != 0 {
				t.Errorf("entry %+v", e)
			}
			if !utf8.ValidString(e.FromName) || strings.ContainsFunc(e.FromName, isControl) || strings.ContainsFunc(e.From, isControl) {
				t.Errorf("entry %+v", e)
			}
		}
	})
}
