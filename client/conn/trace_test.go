package conn

import "testing"

func TestRedactText(t *testing.T) {
	const ticket = "t=64c5de333c3bc39d63b7Y6+H31sTUOFkqjNTDY&p=HAAAAAEAAAAD"
	for _, tt := range []struct{ name, in, want string }{
		{"message headers",
			"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n\r\nhello",
			"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0\r\n\r\nhello"},
		{"profile",
			"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nMSPAuth: 64c5de333c3bc39d63b7Y6+H31sTUOFkqj&p=\r\nmspprof: 1\r\nClientPort: 1\r\n\r\n",
			"MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nMSPAuth: [redacted]\r\nmspprof: [redacted]\r\nClientPort: 1\r\n\r\n"},
		{"header-like lines in a message's text",
			"Content-Type: text/plain; charset=UTF-8\r\n\r\nTicket: 42\r\nMSPAuth: is a cookie\r\nAuthorization: granted",
			"Content-Type: text/plain; charset=UTF-8\r\n\r\nTicket: 42\r\nMSPAuth: is a cookie\r\nAuthorization: granted"},
		{"ordinary assignments",
			"Content-Type: text/plain; charset=UTF-8\r\n\r\nset t=5, at=0123456789abcdefghij, charset=UTF-8, format=flowed",
			"Content-Type: text/plain; charset=UTF-8\r\n\r\nset t=5, at=0123456789abcdefghij, charset=UTF-8, format=flowed"},
		{"ticket in a message's text", "\r\n\r\nmine is " + ticket + " ok", "\r\n\r\nmine is [redacted] ok"},
		{"ticket in XML", `<Ticket passport="` + "t=64c5de333c3bc39d63b7Y6+H31sTUOFkqjNTDY&amp;p=xyz" + `" appid="x"/>`, `<Ticket passport="[redacted]" appid="x"/>`},
		{"ticket at the start", ticket, "[redacted]"},
	} {
		if got := RedactText(tt.in); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
