package commands

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/msntest"
)

// servePorts reads --port, --sb-port and --services-port. The switchboard
// takes the port after --port unless --sb-port says; each unset port is a
// free one.
func servePorts(c *cli.Context) (msntest.Ports, error) {
	var p msntest.Ports
	for _, f := range []struct {
		name string
		port *int
	}{{"port", &p.NS}, {"sb-port", &p.SB}, {"services-port", &p.Services}} {
		if !c.IsSet(f.name) {
			continue
		}
		*f.port = c.Int(f.name)
		if *f.port < 1 || *f.port > 65535 {
			return p, usageError("--%s %d is not a port from 1 to 65535", f.name, *f.port)
		}
	}
	if p.NS != 0 && !c.IsSet("sb-port") {
		if p.NS == 65535 {
			return p, usageError("--port 65535 leaves no next port for the switchboard: give --sb-port")
		}
		p.SB = p.NS + 1
	}
	if p.NS != 0 && (p.NS == p.SB || p.NS == p.Services) || p.SB != 0 && p.SB == p.Services {
		return p, usageError("--port, --sb-port and --services-port must differ (the switchboard takes --port plus 1 unless --sb-port)")
	}
	return p, nil
}

// listenFailed turns the server's failure to listen into the exit
// status: a port in use is a network error (5) naming the flag to change.
func listenFailed(err error) error {
	var lerr *msntest.ListenError
	if !errors.As(err, &lerr) {
		return err
	}
	flag := map[string]string{msntest.ServiceNS: "--port", msntest.ServiceSB: "--sb-port", msntest.ServiceWeb: "--services-port"}[lerr.Service]
	if errors.Is(err, syscall.EADDRINUSE) {
		return &ExitError{Code: ExitNetwork, Err: err,
			Msg: fmt.Sprintf("%s cannot listen on 127.0.0.1:%d: the port is in use (stop what listens there, or choose another with %s)", lerr.Service, lerr.Port, flag)}
	}
	return &ExitError{Code: ExitNetwork, Err: err,
		Msg: fmt.Sprintf("%s cannot listen on 127.0.0.1:%d: %s (choose another port with %s)", lerr.Service, lerr.Port, lastCause(lerr.Err), flag)}
}
