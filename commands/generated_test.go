package commands

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite completions/ and man/ from the app")

// generatedFiles maps each committed generated file to the msn arguments
// that print it.
var generatedFiles = map[string][]string{
	"../man/msn.1":            {"man"},
	"../completions/msn.bash": {"completion", "bash"},
	"../completions/_msn":     {"completion", "zsh"},
	"../completions/msn.fish": {"completion", "fish"},
}

// TestGeneratedFilesAreCurrent fails when completions/ or man/msn.1 no
// longer match the commands and flags: regenerate them with
//
//	go test ./commands -run TestGeneratedFilesAreCurrent -update
func TestGeneratedFilesAreCurrent(t *testing.T) {
	app := App(nil, nil, nil)
	for path, args := range generatedFiles {
		want := ManPage(app)
		if args[0] == "completion" {
			var err error
			if want, err = Completion(app, args[1]); err != nil {
				t.Fatal(err)
			}
		}
		if *update {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Errorf("%s is stale: run go test ./commands -run TestGeneratedFilesAreCurrent -update", path)
		}
	}
}

// TestGeneratedFilesAreWhatTheBinaryPrints runs `msn completion SHELL`
// and `msn man`: what a user installs from the binary is what ships.
func TestGeneratedFilesAreWhatTheBinaryPrints(t *testing.T) {
	for path, args := range generatedFiles {
		out, err := exec.Command(msnBin, args...).Output()
		if err != nil {
			t.Fatalf("msn %s: %v", strings.Join(args, " "), err)
		}
		committed, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != string(committed) {
			t.Errorf("msn %s differs from %s", strings.Join(args, " "), filepath.Base(path))
		}
	}
}

// TestCompletionsNameEveryCommandAndFlag checks the scripts' content, so
// a generator that drops things cannot pass by being compared to itself.
func TestCompletionsNameEveryCommandAndFlag(t *testing.T) {
	app := App(nil, nil, nil)
	page := ManPage(app)
	for _, shell := range []string{"bash", "zsh", "fish"} {
		script, _ := Completion(app, shell)
		for _, n := range commandTree(app)[1:] {
			if !strings.Contains(script, n.cmd.Name) {
				t.Errorf("%s completion lacks command %s", shell, n.name())
			}
			if shell == "bash" && !strings.Contains(page, `.SS "msn `+roff(n.name())) {
				t.Errorf("man page lacks msn %s", n.name())
			}
			for _, f := range n.cmd.Flags {
				name := f.Names()[0]
				if !strings.Contains(script, name) {
					t.Errorf("%s completion lacks %s --%s", shell, n.name(), name)
				}
			}
		}
		if strings.Contains(script, "manual page") {
			t.Errorf("%s completion offers the hidden man command", shell)
		}
	}
	for _, want := range []string{".SH EXIT STATUS", ".SH ENVIRONMENT", "MSN_ACCOUNT", "msn login", "\\-\\-insecure\\-storage", ".B 130", ".B 143",
		`.SS "msn contacts add`, `.SS "msn contacts group rename`} {
		if !strings.Contains(page, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
	if strings.Contains(page, "NO_COLOR") {
		t.Error("man page mentions NO_COLOR, but nothing is coloured")
	}
	// Exit 7 belongs to msn sendfile alone: the general table says so,
	// and no other command's section lists it.
	if i := strings.Index(page, ".B 7\n"); i < 0 || !strings.HasPrefix(page[i+5:], `\fBmsn sendfile\fR only`) {
		t.Error("man page's exit 7 does not say it is msn sendfile's")
	}
	for _, cmd := range visibleCommands(app.Commands) {
		if cmd.Name != "sendfile" && strings.Contains(cmd.Description, " 7 ") {
			t.Errorf("msn %s documents exit 7", cmd.Name)
		}
	}
}
