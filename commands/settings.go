package commands

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/msn-cli/msn/client/ns"
	"github.com/msn-cli/msn/client/passport"
	"github.com/msn-cli/msn/client/soap"
)

// settings are the global options of one run, resolved from flags,
// MSN_* variables, the config file and defaults, in that order.
type settings struct {
	Account  string // lower case: see address
	Server   string
	Services *url.URL
	Dialects []ns.Dialect // nil: negotiate
	Timeout  time.Duration
	CAFile   string
	Debug    bool
	Quiet    bool

	ConfigDir string
	// accountAsGiven is the account as written, where earlier versions
	// stored its password (see legacyAccounts).
	accountAsGiven string
	Stdin          io.Reader
	Stdout         io.Writer
	Stderr         io.Writer
}

// resolve reads the global options. needAccount makes a missing account a
// usage error.
func resolve(c *cli.Context, needAccount bool) (*settings, error) {
	dir, err := configDir()
	if err != nil {
		return nil, err
	}
	path, explicit := stringFlag(c, flagConfig)
	if !explicit {
		path = filepath.Join(dir, "config")
	}
	cfg, err := loadConfig(path, explicit)
	if err != nil {
		return nil, err
	}
	s := &settings{
		ConfigDir: dir,
		Debug:     boolFlag(c, flagDebug),
		Quiet:     boolFlag(c, flagQuiet),
		Stdin:     c.App.Reader,
		Stdout:    c.App.Writer,
		Stderr:    c.App.ErrWriter,
	}
	pick := func(flag, key string) string {
		if v, ok := stringFlag(c, flag); ok {
			return v
		}
		return cfg.get(s.Account, key)
	}
	s.accountAsGiven = pick(flagAccount, "account")
	if s.accountAsGiven == "" {
		s.accountAsGiven = onlyStoredAccount(dir)
	}
	if needAccount && s.accountAsGiven == "" {
		return nil, usageError("no account: give --account or set MSN_ACCOUNT")
	}
	s.Account = strings.ToLower(s.accountAsGiven)
	if needAccount {
		if _, err := address(s.Account); err != nil {
			return nil, err
		}
	}
	if s.Server = pick(flagServer, "server"); s.Server == "" {
		s.Server = defaultServer
	}
	host, port, err := net.SplitHostPort(s.Server)
	if err != nil || host == "" || !validPort(port) {
		return nil, usageError("--server %q is not host:port (with a port from 1 to 65535)", s.Server)
	}
	services := pick(flagServices, "services")
	if services == "" {
		services = "https://" + host
	}
	if s.Services, err = url.Parse(services); err != nil || (s.Services.Scheme != "https" && s.Services.Scheme != "http") || s.Services.Hostname() == "" ||
		(s.Services.Port() != "" && !validPort(s.Services.Port())) {
		return nil, usageError("--services %q is not an http(s) URL", services)
	}
	if p := pick(flagProtocol, "protocol"); p != "" {
		d, err := ns.ParseDialect(p)
		if err != nil {
			return nil, usageError("%s", strings.TrimPrefix(err.Error(), "ns: "))
		}
		s.Dialects = []ns.Dialect{d}
	}
	s.Timeout = defaultTimeout
	if d, ok := durationFlag(c, flagTimeout); ok {
		s.Timeout = d
	} else if v := cfg.get(s.Account, "timeout"); v != "" {
		if s.Timeout, err = time.ParseDuration(v); err != nil {
			return nil, usageError("%s: timeout %q is not a duration like 30s", cfg.path, v)
		}
	}
	if s.Timeout <= 0 {
		return nil, usageError("--timeout must be positive")
	}
	s.CAFile = pick(flagCAFile, "ca-file")
	return s, nil
}

// validPort accepts a TCP port number, 1 to 65535.
func validPort(port string) bool {
	n, err := strconv.Atoi(port)
	return err == nil && n >= 1 && n <= 65535
}

// address returns an address given by the user (an account or a contact)
// as it goes to the server, the keyring and the tickets cache: in lower
// case, because the server compares addresses case-sensitively and knows
// them in lower case, while people write BOB@Example.com for the same
// address. What cannot be an address is refused before anything is sent.
func address(given string) (string, error) {
	addr := strings.ToLower(given)
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(addr, " \t\r\n") || strings.Count(addr, "@") != 1 {
		return "", usageError("%q is not an email address", given)
	}
	return addr, nil
}

// trace is where --debug output goes, or nil.
func (s *settings) trace() io.Writer {
	if s.Debug {
		return s.Stderr
	}
	return nil
}

// traceP2P is where --debug's MSNP2P lines go, or nil.
func (s *settings) traceP2P() func(format string, args ...any) {
	if !s.Debug {
		return nil
	}
	return func(format string, args ...any) { fmt.Fprintf(s.Stderr, format+"\n", args...) }
}

// notef prints a diagnostic on stderr unless --quiet.
func (s *settings) notef(format string, args ...any) {
	if !s.Quiet {
		fmt.Fprintf(s.Stderr, "msn: "+format+"\n", args...)
	}
}

// warnf prints, even with --quiet, a problem the run goes on after.
func (s *settings) warnf(format string, args ...any) {
	fmt.Fprintf(s.Stderr, "msn: "+format+"\n", args...)
}

// passportClient builds the one HTTP path to the services, trusting
// --ca-file in addition to the system roots.
func (s *settings) passportClient() (*passport.Client, error) {
	httpClient := &http.Client{Timeout: s.Timeout}
	if s.CAFile != "" {
		pem, err := os.ReadFile(s.CAFile)
		if err != nil {
			return nil, usageError("cannot read --ca-file: %v", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, usageError("--ca-file %s holds no PEM certificate", s.CAFile)
		}
		transport := http.DefaultTransport.(*http.Transport).Clone()
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		httpClient.Transport = transport
	}
	return &passport.Client{SOAP: &soap.Client{HTTP: httpClient, Base: s.Services, Trace: s.trace()}}, nil
}
