package transfer

import "time"

// DCChunk is the most payload bytes one packet carries on a direct
// connection: libpurple reads frames of up to 8240 bytes (the 48-byte
// header and 8192 bytes) and stalls on larger ones.
const DCChunk = 8192

// Defaults of DCOptions.
const (
	DefaultDCWriteTimeout     = 30 * time.Second
	DefaultDCHandshakeTimeout = 5 * time.Second
	DefaultDCBuffer           = 256 << 10
)

// DCOptions tune a direct connection (DialDC, ListenDC). The zero value
// takes the defaults.
type DCOptions struct {
	// WriteTimeout bounds every write to the socket: a peer that stops
	// reading for that long ends the link. DefaultDCWriteTimeout when 0.
	WriteTimeout time.Duration
	// HandshakeTimeout bounds each connection attempt of DialDC (connect,
	// preamble, both handshakes) and the handshake of each connection
	// ListenDC accepts. DefaultDCHandshakeTimeout when 0.
	HandshakeTimeout time.Duration
	// ReadIdle, when not 0, ends the link when nothing at all arrives for
	// that long once it is up. 0: no bound (the session's own deadlines
	// bound its waits; TCP keep-alives find a vanished peer).
	ReadIdle time.Duration
	// Buffer is the size of the buffer data frames go through before the
	// socket (the most data the link holds in memory).
	// DefaultDCBuffer when 0.
	Buffer int
}

// withDefaults fills in the zero fields.
func (o DCOptions) withDefaults() DCOptions {
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = DefaultDCWriteTimeout
	}
	if o.HandshakeTimeout <= 0 {
		o.HandshakeTimeout = DefaultDCHandshakeTimeout
	}
	if o.ReadIdle < 0 {
		o.ReadIdle = 0
	}
	if o.Buffer <= 0 {
		o.Buffer = DefaultDCBuffer
	}
	return o
}
