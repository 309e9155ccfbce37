package commands

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite completions/ and man/ from the app")

// TestGeneratedFilesAreCurrent fails when completions/ or man/msn.1 no
// longer match the commands and flags: regenerate them with
//
//	go test ./commands -run TestGeneratedFilesAreCurrent -update
func TestGeneratedFilesAreCurrent(t *testing.T) {
	app := App(nil, nil, nil)
	files := map[string]string{
		"../man/msn.1": ManPage(app),
	}
	for shell, name := range map[string]string{"bash": "msn.bash", "zsh": "_msn", "fish": "msn.fish"} {
		script, err := Completion(app, shell)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Join("..", "completions", name)] = script
	}
	for path, want := range files {
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

// TestCompletionsNameEveryCommandAndFlag checks the scripts' content, so
// a generator that drops things cannot pass by being compared to itself.
func TestCompletionsNameEveryCommandAndFlag(t *testing.T) {
	app := App(nil, nil, nil)
	for _, shell := range []string{"bash", "zsh", "fish"} {
		script, _ := Completion(app, shell)
		for _, cmd := range visibleCommands(app) {
			if !strings.Contains(script, cmd.Name) {
				t.Errorf("%s completion lacks command %s", shell, cmd.Name)
			}
			for _, f := range cmd.Flags {
				name := f.Names()[0]
				if !strings.Contains(script, name) {
					t.Errorf("%s completion lacks %s --%s", shell, cmd.Name, name)
				}
			}
		}
		if strings.Contains(script, "man") && strings.Contains(script, "manual page") {
			t.Errorf("%s completion offers the hidden man command", shell)
		}
	}
	page := ManPage(app)
	for _, want := range []string{".SH EXIT STATUS", ".SH ENVIRONMENT", "MSN_ACCOUNT", "msn login", "\\-\\-insecure\\-storage", ".B 130"} {
		if !strings.Contains(page, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
}
