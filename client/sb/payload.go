package sb

// MaxPayload is the largest MSG payload a switchboard relays; Escargot
// closes the connection above it (NOTES.md quirk 11).
const MaxPayload = 1664

// textHeader starts every text message this client sends.
const textHeader = "MIME-Version: 1.0\r\n" +
	"Content-Type: text/plain; charset=UTF-8\r\n" +
	"X-MMS-IM-Format: FN=Segoe%20UI; EF=; CO=0; CS=0; PF=0\r\n" +
	"\r\n"

// MaxText is the most text one message carries.
const MaxText = MaxPayload - len(textHeader)

// TextPayload is the MIME payload of a text message.
func TextPayload(text string) []byte {
	return append([]byte(textHeader), text...)
}

// TypingPayload tells the others the user is typing.
func TypingPayload(account string) []byte {
	return []byte("MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: " + account + "\r\n\r\n\r\n")
}

// NudgePayload is the "nudge" (shake the window) datacast.
func NudgePayload() []byte {
	return []byte("MIME-Version: 1.0\r\nContent-Type: text/x-msnmsgr-datacast\r\n\r\nID: 1\r\n\r\n")
}
