package msntest

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// What the NS says about stored offline messages (NOTES.md quirk 5 and
// 17): the initial Mail-Data of the first CHG lists every stored message;
// a session already signed in gets a text/x-msmsgsoimnotification listing
// the one just stored. Each entry's SZ is the size of the message as the
// rsi service's GetMessage gives it, which messageText writes.

const (
	mailDataE = "<E><I>0</I><IU>0</IU><O>0</O><OU>0</OU></E>"
	mailDataQ = "<Q><QTM>409600</QTM><QNM>204800</QNM></Q>"

	oimFolder    = "00000000-0000-0000-0000-000000000009" // F of a listed message
	oimFolderNew = ".!!OIM"                               // F of one just stored
)

// initialMailData is the text/x-msmsgsinitialmdatanotification message for
// a's first CHG: mailData when nothing is stored for a, else the same with
// an <M> entry per message, or "too-large" past 25 messages. The caller
// holds s.mu.
func (s *Server) initialMailData(a *account) string {
	stored := s.oim.stored[a.email]
	if len(stored) == 0 {
		return mailData
	}
	md := "too-large"
	if len(stored) <= maxMailDataOIMs {
		var b strings.Builder
		b.WriteString("<MD>" + mailDataE + mailDataQ)
		for _, o := range stored {
			b.WriteString(mailEntry(o, false))
		}
		b.WriteString("</MD>")
		md = b.String()
	}
	return "MIME-Version: 1.0\r\n" +
		"Content-Type: text/x-msmsgsinitialmdatanotification; charset=UTF-8\r\n" +
		"\r\n" +
		"Mail-Data: " + md + "\r\n"
}

// oimNotification tells a signed-in recipient about o, just stored.
func oimNotification(o *storedOIM) string {
	return "MIME-Version: 1.0\r\n" +
		"Content-Type: text/x-msmsgsoimnotification; charset=UTF-8\r\n" +
		"\r\n" +
		"Mail-Data: <MD>" + mailEntry(o, true) + "</MD>\r\n"
}

// mailEntry is o's <M> element. A message just stored has no RT, the
// folder .!!OIM, a space inside its encoded name and a trailing <SU>, as
// Escargot writes it.
func mailEntry(o *storedOIM, justStored bool) string {
	var b strings.Builder
	b.WriteString("<M><T>11</T><S>6</S>")
	if !justStored {
		b.WriteString("<RT>" + o.Received.UTC().Format("2006-01-02T15:04:05Z") + "</RT>")
	}
	b.WriteString("<RS>0</RS><SZ>" + strconv.Itoa(len(messageText(o))) + "</SZ>")
	b.WriteString("<E>" + escapeXML(o.From) + "</E><I>" + o.ID + "</I>")
	if justStored {
		b.WriteString("<F>" + oimFolderNew + "</F>")
	} else {
		b.WriteString("<F>" + oimFolder + "</F>")
	}
	b.WriteString("<N>")
	if o.named {
		b.WriteString(encodeFriendlyName(o.FromName, justStored))
	}
	b.WriteString("</N></M>")
	if justStored {
		b.WriteString("<SU> </SU>")
	}
	return b.String()
}

// pacific is the time zone of the stored message's Received and Date
// lines, which Escargot labels -0800 whatever the season.
var pacific = time.FixedZone("PST", -8*60*60)

// messageText is o as the rsi service's GetMessage returns it: the
// relay's headers, the Content headers as sent (or the basic ones for a
// message from UUM), and the text in base64 on one line, lines ending in
// CRLF.
func messageText(o *storedOIM) string {
	sent := o.Received.Truncate(time.Second)
	local := sent.In(pacific)
	friendly := ""
	if o.named {
		friendly = encodeFriendlyName(o.FromName, false) + " "
	}
	lines := []string{
		"X-Message-Info: cwRBnLifKNE8dVZlNj6AiX8142B67OTjG9BFMLMyzuui1H4Xx7m3NQ==",
		"Received: from OIM-SSI02.phx.gbl ([65.54.237.206]) by oim1-f1.hotmail.com with Microsoft SMTPSVC(6.0.3790.211);",
		"\t " + local.Format("Mon, 02 Jan 2006 15:04:05") + " -0800",
		"Received: from mail pickup service by OIM-SSI02.phx.gbl with Microsoft SMTPSVC;",
		"\t " + local.Format("Mon, 02 Jan 2006 15:04:05") + " -0800",
		"From: " + friendly + "<" + o.From + ">",
		"To: " + o.To,
		"Subject: ",
		"X-OIM-originatingSource: " + o.origin,
	}
	if o.proxy != "" {
		lines = append(lines, "X-OIMProxy: "+o.proxy)
	}
	if o.headers != nil {
		lines = append(lines, o.headers...)
	} else {
		lines = append(lines,
			"MIME-Version: 1.0",
			"Content-Type: text/plain; charset=UTF-8",
			"Content-Transfer-Encoding: base64",
			"X-OIM-Message-Type: OfflineMessage",
			"X-OIM-Run-Id: "+o.RunID)
	}
	lines = append(lines,
		"Message-ID: <OIM-SSI02zDv60gxapz00061a8b@OIM-SSI02.phx.gbl>",
		"X-OriginalArrivalTime: "+sent.UTC().Format("02 Jan 2006 15:04:05")+".0000 (UTC) FILETIME=["+filetime(sent)+"]",
		"Date: "+local.Format("02 Jan 2006 15:04:05")+" -0800",
		"Return-Path: ndr@oim.messenger.msn.com",
	)
	return strings.Join(lines, "\r\n") + "\r\n\r\n" + base64.StdEncoding.EncodeToString([]byte(o.Text))
}

// filetime writes t as a Windows FILETIME the way Escargot does: the low
// 32 bits, a colon, the high 32 bits, in upper-case hex.
func filetime(t time.Time) string {
	ft := uint64(t.Unix())*10_000_000 + 116444736000000000
	return fmt.Sprintf("%08X:%08X", uint32(ft), uint32(ft>>32))
}
