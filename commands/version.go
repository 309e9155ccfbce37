package commands

import (
	"runtime/debug"
	"strings"
)

// Version, when set at build time with
// -ldflags "-X github.com/msn-cli/msn/commands.Version=v1.2.3", replaces
// the module version read from the build information.
var Version = ""

// version is what msn --version prints after "msn version ": the module
// version (or Version) and the VCS revision the binary was built from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return versionOf(info, Version)
}

// versionOf renders info as "v0.0.0-20250101120000-abcdef123456 (rev
// abcdef1, modified)": the main module's version (override instead, when
// not empty; "(devel)" when the build had none) and, when the build
// recorded them, the first seven digits of the VCS revision and whether
// the tree had uncommitted changes. info may be nil.
func versionOf(info *debug.BuildInfo, override string) string {
	v := override
	var rev, modified string
	if info != nil {
		if v == "" {
			v = strings.TrimSuffix(info.Main.Version, "+dirty") // "modified" says it
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	if rev == "" {
		return v
	}
	rev = rev[:min(len(rev), 7)]
	if modified == "true" {
		return v + " (rev " + rev + ", modified)"
	}
	return v + " (rev " + rev + ")"
}
