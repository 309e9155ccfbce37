package commands

import (
	"net"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/transfer"
)

// directFlags are the flags about direct connections, for sendfile
// (withChoice: --direct-only and --direct-timeout) and receive.
func directFlags(withChoice bool) []cli.Flag {
	flags := []cli.Flag{
		&cli.BoolFlag{Name: "no-direct", Usage: "never connect directly to the contact: every byte goes through the server"},
		&cli.IntFlag{Name: "port", DefaultText: "any free one", Usage: "listen for a direct connection on this TCP `port`"},
		&cli.StringFlag{Name: "address", Usage: "tell the contact to connect to this `address` (your public one behind a NAT that forwards --port)"},
	}
	if withChoice {
		flags = append(flags,
			&cli.BoolFlag{Name: "direct-only", Usage: "fail (exit 5) rather than send through the server when no direct connection comes up"},
			&cli.DurationFlag{Name: "direct-timeout", Value: transfer.DefaultDirectTimeout, Usage: "give a direct connection this `duration` to come up before the data goes through the server"},
		)
	}
	return flags
}

// directOptions reads the direct-connection flags.
func directOptions(c *cli.Context) (transfer.DirectOptions, error) {
	var o transfer.DirectOptions
	switch {
	case c.Bool("no-direct") && c.Bool("direct-only"):
		return o, usageError("--no-direct and --direct-only contradict each other")
	case c.Bool("no-direct"):
		o.Mode = transfer.DirectOff
	case c.Bool("direct-only"):
		o.Mode = transfer.DirectOnly
	}
	if c.IsSet("direct-timeout") {
		if o.Timeout = c.Duration("direct-timeout"); o.Timeout <= 0 {
			return o, usageError("--direct-timeout must be positive")
		}
	}
	port := c.Int("port")
	if c.IsSet("port") && (port < 1 || port > 65535) {
		return o, usageError("--port %d is not a TCP port (1 to 65535)", port)
	}
	o.Listen = net.JoinHostPort("", strconv.Itoa(port))
	if a := c.String("address"); a != "" {
		if net.ParseIP(a) == nil {
			return o, usageError("--address %q is not an IP address", a)
		}
		o.Advertise = []string{a}
	}
	return o, nil
}

// withPublicAddress adds to o, when --address did not say, the address
// the server saw this client come from (ClientIP in the login profile):
// behind a NAT, the one a contact elsewhere can reach (with the port
// forwarded); a listener's own address stays the first one tried.
func withPublicAddress(o transfer.DirectOptions, sess *ns.Session) transfer.DirectOptions {
	if len(o.Advertise) > 0 {
		return o
	}
	if ip := net.ParseIP(sess.Profile("ClientIP")); ip != nil && !ip.IsLoopback() && !ip.IsUnspecified() {
		o.Advertise = []string{ip.String()}
	}
	return o
}
