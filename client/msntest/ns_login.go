package msntest

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/msn-cli/msn/client/msnp"
)

// twnPolicy is the constant policy string of `USR trid TWN S`.
const twnPolicy = "ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1"

// gcfPolicy is the document sent as `GCF 0 <len>` before the MSNP13+
// challenge. Clients only store it; this one is the server's own and
// restricts nothing.
const gcfPolicy = `<Policies><Policy type="SHIELDS"><config><shield></shield><block></block></config></Policy></Policies>`

// guidRe is Escargot's machine GUID check: a prefix match, braces
// optional.
var guidRe = regexp.MustCompile(`^\{?[A-Fa-f0-9]{8}-([A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}\}?`)

// usr handles USR TWN (MSNP8 to 14) and USR SSO (MSNP15+), both stages.
func (c *nsConn) usr(cmd msnp.Command) {
	if len(cmd.Params) < 2 || cmd.TrID < 0 {
		c.ignore(cmd, "USR needs an auth type and a stage")
		return
	}
	authType, stage, args := cmd.Params[0], cmd.Params[1], cmd.Params[2:]
	switch authType {
	case "TWN":
		if c.dialect < 8 || c.dialect >= 15 {
			c.s.tracef("NS -- USR TWN at %s: closing", c.dialectName())
			c.close()
			return
		}
	case "SSO":
		if c.dialect < 15 {
			c.s.tracef("NS -- USR SSO at %s: closing", c.dialectName())
			c.close()
			return
		}
	default:
		c.fail(cmd.TrID)
		return
	}
	if c.acct != nil {
		c.w.send(errReply(205, cmd.TrID))
		return
	}
	switch stage {
	case "I":
		c.usrInitial(cmd, authType, args)
	case "S":
		c.usrSubsequent(cmd, authType, args)
	default:
		c.fail(cmd.TrID)
	}
}

// fail answers 911 and closes.
func (c *nsConn) fail(trid int) {
	c.w.send(errReply(911, trid))
	c.close()
}

// usrInitial answers `USR trid TWN I email` with the policy, or `USR trid
// SSO I email` with the policy document and the MBI nonce. Like Escargot
// it checks only that the email has an @: an unknown account fails at the
// ticket.
func (c *nsConn) usrInitial(cmd msnp.Command, authType string, args []string) {
	if len(args) < 1 {
		c.ignore(cmd, "USR I without an email")
		return
	}
	c.usrEmail = args[0]
	if !strings.Contains(c.usrEmail, "@") {
		c.fail(cmd.TrID)
		return
	}
	var out []msnp.Command
	if c.dialect >= 13 {
		out = append(out, msnp.Command{Name: "GCF", TrID: 0, Payload: []byte(gcfPolicy)})
	}
	if authType == "TWN" {
		out = append(out, reply("USR", cmd.TrID, "TWN", "S", twnPolicy))
	} else {
		var b [48]byte
		rand.Read(b[:])
		c.nonce = base64.StdEncoding.EncodeToString(b[:])
		out = append(out, reply("USR", cmd.TrID, "SSO", "S", "MBI_KEY_OLD", c.nonce))
	}
	c.w.send(out...)
}

// usrSubsequent checks the ticket (and at MSNP15+ the MBI response and
// machine GUID) and logs the session in.
func (c *nsConn) usrSubsequent(cmd msnp.Command, authType string, args []string) {
	if len(args) < 1 {
		c.ignore(cmd, "USR S without a ticket")
		return
	}
	if c.usrEmail == "" {
		c.ignore(cmd, "USR S before USR I")
		return
	}
	tok := tokenOfTicket(args[0])
	lt := c.s.lookupToken(tok)
	if lt == nil || lt.email != c.usrEmail {
		c.s.tracef("NS -- USR S: unknown token or not %q's", c.usrEmail)
		c.fail(cmd.TrID)
		return
	}
	a := c.s.accounts[lt.email]
	if a == nil {
		c.fail(cmd.TrID)
		return
	}
	var guid string
	if authType == "SSO" {
		if c.dialect >= 16 && len(args) < 3 {
			c.ignore(cmd, "USR SSO S needs a response and a machine GUID at MSNP16+")
			return
		}
		if c.dialect >= 16 || len(args) > 1 {
			if !mbiVerify(lt.secret, c.nonce, args[1]) {
				c.s.tracef("NS -- USR SSO S: MBI response does not verify")
				c.fail(cmd.TrID)
				return
			}
		}
		if c.dialect >= 16 {
			if !guidRe.MatchString(args[2]) {
				c.fail(cmd.TrID)
				return
			}
			guid = normalizeGUID(args[2])
		}
	}
	c.login(cmd.TrID, a, tok, guid)
}

// normalizeGUID drops the first { and the last } and lowers the case.
func normalizeGUID(g string) string {
	g = strings.Replace(g, "{", "", 1)
	if i := strings.LastIndex(g, "}"); i >= 0 {
		g = g[:i] + g[i+1:]
	}
	return strings.ToLower(g)
}

// login boots the account's other sessions as Escargot does (all of them
// before MSNP16 or when one has the same machine GUID; otherwise only
// those below MSNP16, MPOP keeping the rest), then sends the login burst.
func (c *nsConn) login(trid int, a *account, tok, guid string) {
	bootAll := c.dialect < 16
	for _, o := range a.sessions {
		if guid != "" && o.guid == guid {
			bootAll = true
		}
	}
	var boot []*nsConn
	for _, o := range a.sessions {
		if bootAll || o.dialect < 16 {
			boot = append(boot, o)
		}
	}
	// Queue every close before any session leaves, so that booted
	// sessions are not sent the presence updates of each other's leaving.
	for _, o := range boot {
		o.w.send(notice("OUT", "OTH"))
		o.w.closeAfter()
	}
	for _, o := range boot {
		o.leave()
	}

	c.acct, c.token, c.guid = a, tok, guid
	a.sessions = append(a.sessions, c)
	c.s.logins[a.email]++

	var out []msnp.Command
	switch {
	case c.dialect >= 10:
		out = append(out, reply("USR", trid, "OK", a.email, "1", "0"))
	default:
		out = append(out, reply("USR", trid, "OK", a.email, encodeParam(a.friendly), "1", "0"))
	}
	if c.dialect >= 11 {
		out = append(out, reply("SBS", 0, "null"))
	}
	out = append(out, hotmail(c.profile()))
	if c.dialect >= 16 && c.dialect < 21 {
		if c.dialect >= 18 {
			out = append(out, msnp.Command{Name: "UBX", TrID: msnp.NoTrID, Params: []string{"1:" + a.email}, Payload: []byte{}})
		} else {
			out = append(out, msnp.Command{Name: "UBX", TrID: msnp.NoTrID, Params: []string{a.email, "1"}, Payload: []byte{}})
		}
	}
	c.w.send(out...)
}

// hotmail wraps a payload as `MSG Hotmail Hotmail <len>`.
func hotmail(payload string) msnp.Command {
	return msnp.Command{Name: "MSG", TrID: msnp.NoTrID, Params: []string{"Hotmail", "Hotmail"}, Payload: []byte(payload)}
}

// profile is the text/x-msmsgsprofile message sent after USR OK.
func (c *nsConn) profile() string {
	high, low := c.acct.memberID()
	ip, port := "127.0.0.1", 0
	if c.remote != nil {
		ip, port = c.remote.IP.String(), c.remote.Port
	}
	mpop := "0"
	if c.guid != "" {
		mpop = "1"
	}
	lines := []string{
		"MIME-Version: 1.0",
		"Content-Type: text/x-msmsgsprofile; charset=UTF-8",
		"LoginTime: " + strconv.FormatInt(time.Now().Unix(), 10),
		"EmailEnabled: 0",
		fmt.Sprintf("MemberIdHigh: %d", high),
		fmt.Sprintf("MemberIdLow: %d", low),
		"lang_preference: 1033",
		"preferredEmail:",
		"country:",
		"PostalCode:",
		"Gender:",
		"Kid: 0",
		"Age:",
		"BDayPre:",
		"Birthday:",
		"Wallet:",
		"Flags: 536872513",
		"sid: 507",
		"MSPAuth: " + mspAuth(c.token),
		"ClientIP: " + ip,
		"ClientPort: " + strconv.Itoa(port),
		"ABCHMigrated: 1",
		"MPOPEnabled: " + mpop,
		"",
		"",
	}
	return strings.Join(lines, "\r\n")
}

// leave ends the session once: it is removed from its account and its
// contacts are told, as for a sign-out. The caller holds s.mu.
func (c *nsConn) leave() {
	if c.gone || c.acct == nil {
		c.gone = true
		return
	}
	c.gone = true
	a := c.acct
	for i, o := range a.sessions {
		if o == c {
			a.sessions = append(a.sessions[:i:i], a.sessions[i+1:]...)
			break
		}
	}
	c.s.signedOff(a, c)
}
