package msntest

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/msn-cli/msn/client/msnp"
)

// nsConn is one notification server connection and, after USR OK, the
// session it carries. Its fields are guarded by the server's lock.
type nsConn struct {
	s      *Server
	w      *wire
	remote *net.TCPAddr

	dialect  int    // 0 until VER
	usrEmail string // from USR ... I
	nonce    string // MBI_KEY_OLD challenge (SSO)

	// Set at USR OK.
	acct  *account
	token string
	guid  string // machine GUID at MSNP16+, lower case without braces
	gone  bool   // left: booted, kicked or disconnected

	// Presence of this endpoint.
	ilnSent    bool // the first CHG was answered
	caps       string
	capsEx     string
	msnobj     string // decoded; "" for none
	machineID  string // <MachineGuid> from UUX
	epName     string
	idle       bool
	clientType string
	epState    string
}

// dialectName is "MSNP15" and so on.
func (c *nsConn) dialectName() string { return "MSNP" + strconv.Itoa(c.dialect) }

// serveNS runs one NS connection until it ends. It is the connection's
// reading goroutine.
func (s *Server) serveNS(conn net.Conn) {
	s.serve("NS", conn, func(w *wire) handler {
		c := &nsConn{s: s, w: w}
		c.remote, _ = conn.RemoteAddr().(*net.TCPAddr)
		return c
	})
}

// close queues the connection's close and ends its session at once.
func (c *nsConn) close() {
	c.w.closeAfter()
	c.leave()
}

// ignore notes a command Escargot would not answer (an unknown or
// malformed command, wrong argument count, wrong state): no reply, the
// connection stays open.
func (c *nsConn) ignore(cmd msnp.Command, why string) {
	c.s.tracef("NS -- no reply to %s: %s", cmd.Name, why)
}

// handle dispatches one client command. The caller holds s.mu.
func (c *nsConn) handle(cmd msnp.Command) {
	switch cmd.Name {
	case "VER":
		c.ver(cmd)
		return
	case "CVR":
		c.cvr(cmd)
		return
	case "USR":
		c.usr(cmd)
		return
	case "OUT":
		c.close()
		return
	}
	if c.acct == nil {
		c.ignore(cmd, "not logged in")
		return
	}
	switch cmd.Name {
	case "PNG":
		c.w.send(notice("QNG", "60"))
	case "QRY":
		c.ignore(cmd, "challenges are not checked")
	case "SYN":
		c.syn(cmd)
	case "GTC":
		c.gtc(cmd)
	case "BLP":
		c.blp(cmd)
	case "PRP":
		c.prp(cmd)
	case "ADL":
		c.adl(cmd)
	case "RML":
		c.rml(cmd)
	case "ADC":
		c.adc(cmd)
	case "REM":
		c.rem(cmd)
	case "ADG":
		c.adg(cmd)
	case "RMG":
		c.rmg(cmd)
	case "REG":
		c.reg(cmd)
	case "UUX":
		c.uux(cmd)
	case "CHG":
		c.chg(cmd)
	case "XFR":
		c.xfr(cmd)
	case "UUM":
		c.uum(cmd)
	case "FQY":
		c.fqy(cmd)
	default:
		c.ignore(cmd, "unknown command")
	}
}

// ver negotiates the dialect: the first of MSNP18 down to MSNP2 that the
// client lists, then MSNP19 to MSNP21; no match answers `VER trid 0` and
// closes.
func (c *nsConn) ver(cmd msnp.Command) {
	if cmd.TrID < 0 {
		c.close()
		return
	}
	if c.dialect != 0 {
		c.w.send(errReply(715, cmd.TrID))
		c.close()
		return
	}
	offered := map[string]bool{}
	for _, p := range cmd.Params {
		offered[strings.ToUpper(p)] = true
	}
	var order []int
	for d := 18; d >= 2; d-- {
		order = append(order, d)
	}
	order = append(order, 19, 20, 21)
	for _, d := range order {
		if offered[fmt.Sprintf("MSNP%d", d)] {
			c.dialect = d
			c.w.send(reply("VER", cmd.TrID, c.dialectName()))
			return
		}
	}
	c.w.send(reply("VER", cmd.TrID, "0"))
	c.close()
}

// cvr echoes the client's version (its sixth argument) three times and
// two download URLs.
func (c *nsConn) cvr(cmd msnp.Command) {
	if len(cmd.Params) < 6 || cmd.TrID < 0 {
		c.ignore(cmd, "CVR needs 6 arguments")
		return
	}
	v := cmd.Params[5]
	const url = "https://escargot.log1p.xyz"
	c.w.send(reply("CVR", cmd.TrID, v, v, v, url, url))
}
