package commands

import (
	"bytes"
	"debug/buildinfo"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/msn-cli/msn/client/msntest"
)

// TestHelpCommandIsTheHelpFlag: `msn help PATH` prints what
// `msn PATH --help` prints, for msn itself and every command below it.
func TestHelpCommandIsTheHelpFlag(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for _, n := range commandTree(App(nil, nil, nil)) {
		byCommand := c.run("", append([]string{"help"}, n.path...)...)
		byFlag := c.run("", append(append([]string{}, n.path...), "--help")...)
		byCommand.expect(t, ExitOK)
		byFlag.expect(t, ExitOK)
		if byCommand.stdout != byFlag.stdout || !strings.Contains(byFlag.stdout, "USAGE:") {
			t.Errorf("msn help %s printed\n%s\nmsn %[1]s --help printed\n%s", n.name(), byCommand.stdout, byFlag.stdout)
		}
	}
	c.run("", "help", "contacts", "frob").expect(t, ExitUsage, `no command "contacts frob"`)
}

// TestUnknownFlagIsEchoedAsTyped: the flag package reports every unknown
// flag with one dash; the message shows what the user typed.
func TestUnknownFlagIsEchoedAsTyped(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"send", "--jsn", "bob@example.com", "hi"}, "unknown flag --jsn (see msn send --help)"},
		{[]string{"send", "-jsn", "bob@example.com", "hi"}, "unknown flag -jsn (see msn send --help)"},
		{[]string{"contacts", "add", "--nmae=Dave", "dave@example.com"}, "unknown flag --nmae (see msn contacts add --help)"},
		{[]string{"--jsn", "status"}, "unknown flag --jsn (see msn --help)"},
		{[]string{"status", "--timeout", "soon"}, `invalid value "soon" for flag --timeout`},
	} {
		c.run("", tt.args...).expect(t, ExitUsage, tt.want)
	}
}

// TestTimeoutShowsOneDefault: the help of --timeout says its default once.
func TestTimeoutShowsOneDefault(t *testing.T) {
	c := newCLI(t, msntest.Options{})
	for _, args := range [][]string{{"--help"}, {"send", "--help"}} {
		r := c.run("", args...)
		for _, line := range strings.Split(r.stdout, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "--timeout") && (strings.Count(line, "default") != 1 || !strings.Contains(line, "30s")) {
				t.Errorf("msn %s: %q", strings.Join(args, " "), line)
			}
			if strings.Contains(line, "(default: false)") {
				t.Errorf("msn %s: %q", strings.Join(args, " "), line)
			}
		}
	}
}

// TestVersionComesFromTheBuild: msn --version prints the module version
// and VCS revision the binary records, and -ldflags can set the version.
func TestVersionComesFromTheBuild(t *testing.T) {
	info, err := buildinfo.ReadFile(msnBin)
	if err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, msntest.Options{})
	r := c.run("", "--version")
	r.expect(t, ExitOK)
	if want := "msn version " + versionOf(info, "") + "\n"; r.stdout != want {
		t.Errorf("msn --version printed %q, want %q", r.stdout, want)
	}

	stamped := &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20250102030405-0123456789ab+dirty"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"}, {Key: "vcs.modified", Value: "true"},
	}}
	for _, tt := range []struct {
		info     *debug.BuildInfo
		override string
		want     string
	}{
		{stamped, "", "v0.0.0-20250102030405-0123456789ab (rev 0123456, modified)"},
		{stamped, "v1.2.3", "v1.2.3 (rev 0123456, modified)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.0.0"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abcdef0123"}, {Key: "vcs.modified", Value: "false"}}}, "", "v1.0.0 (rev abcdef0)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "", "(devel)"},
		{nil, "", "(devel)"},
		{nil, "v2.0.0", "v2.0.0"},
	} {
		if got := versionOf(tt.info, tt.override); got != tt.want {
			t.Errorf("versionOf(%v, %q) = %q, want %q", tt.info, tt.override, got, tt.want)
		}
	}

	// What -ldflags "-X github.com/msn-cli/msn/commands.Version=..." sets.
	defer func(saved string) { Version = saved }(Version)
	Version = "v9.8.7"
	var out bytes.Buffer
	if err := App(nil, &out, &out).Run([]string{"msn", "--version"}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "msn version v9.8.7") {
		t.Errorf("with Version set, --version printed %q", out.String())
	}
}
