package commands

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// completionCase is a command line being typed (the last word is the one
// being completed) and what completing it must offer.
type completionCase struct {
	words []string
	want  []string // all offered
	only  bool     // and nothing else (empty want: nothing at all)
}

// completionCases hold for every shell. The working directory has a file
// named report.txt, so a value that completes file names offers it.
var completionCases = []completionCase{
	{words: []string{"contacts", ""}, want: []string{"add", "remove", "block", "unblock", "group"}},
	{words: []string{"contacts", "group", ""}, want: []string{"create", "rename", "delete"}},
	{words: []string{"send", "--file", ""}, want: []string{"report.txt"}, only: true},
	{words: []string{"send", "-f", ""}, want: []string{"report.txt"}, only: true},
	{words: []string{"--password-file", ""}, want: []string{"report.txt"}, only: true},
	{words: []string{"status", "--ca-file", ""}, want: []string{"report.txt"}, only: true},
	{words: []string{"--config", ""}, want: []string{"report.txt"}, only: true},
	{words: []string{"--account", ""}, only: true},
	{words: []string{"send", "--timeout", ""}, only: true},
	{words: []string{"contacts", "add", "--group", ""}, only: true},
	{words: []string{"--server", ""}, only: true},
	{words: []string{"send", "--protocol", ""}, want: []string{"MSNP18", "MSNP15", "MSNP12"}, only: true},
	{words: []string{"completion", ""}, want: []string{"bash", "zsh", "fish"}},
	{words: []string{"-a", "contacts", ""}, want: []string{"send", "contacts"}}, // contacts was -a's value
	{words: []string{"send", "bob@example.com", "--", ""}, only: true},
	{words: []string{"sendfile", "bob@example.com", ""}, want: []string{"report.txt"}, only: true},
	{words: []string{"sendfile", "bob@example.com", "report.txt", ""}, want: []string{"report.txt"}, only: true},
	{words: []string{"receive", "--files", ""}, want: []string{"report.txt"}, only: true},
	{words: []string{"sendfile", "--port", ""}, only: true},
}

// completionDir is a working directory holding report.txt.
func completionDir(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "report.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func checkOffered(t *testing.T, tc completionCase, got []string) {
	t.Helper()
	for _, w := range tc.want {
		if !slices.Contains(got, w) {
			t.Errorf("msn %s<TAB> offers %q, lacking %q", strings.Join(tc.words, " "), got, w)
		}
	}
	if tc.only && len(got) != len(tc.want) {
		t.Errorf("msn %s<TAB> offers %q, want only %q", strings.Join(tc.words, " "), got, tc.want)
	}
}

// completers ask a shell, with a completion script loaded, what it offers
// for the words typed after msn (the last one being completed).
var completers = map[string]struct {
	script string
	ask    func(script string, words []string) *exec.Cmd
	offers func(out string) []string
}{
	"bash": {
		script: "../completions/msn.bash",
		ask: func(script string, words []string) *exec.Cmd {
			return exec.Command("bash", append([]string{"--norc", "-c", `source "$1"; shift; COMP_WORDS=(msn "$@"); COMP_CWORD=$#; _msn; printf '%s\n' "${COMPREPLY[@]}"`, "bash", script}, words...)...)
		},
		offers: strings.Fields,
	},
	"fish": {
		script: "../completions/msn.fish",
		ask: func(script string, words []string) *exec.Cmd {
			return exec.Command("fish", "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, script, "msn "+strings.Join(words, " "))
		},
		offers: func(out string) []string { // a word, a tab, its description
			var words []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if w, _, _ := strings.Cut(l, "\t"); w != "" {
					words = append(words, w)
				}
			}
			return words
		},
	},
}

// TestCompletionInTheShells loads completions/msn.bash into bash and
// completions/msn.fish into fish and checks what they offer.
func TestCompletionInTheShells(t *testing.T) {
	dir := completionDir(t)
	for shell, c := range completers {
		t.Run(shell, func(t *testing.T) {
			if _, err := exec.LookPath(shell); err != nil {
				t.Skip("no " + shell)
			}
			script, err := filepath.Abs(c.script)
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range completionCases {
				cmd := c.ask(script, tc.words)
				cmd.Dir = dir
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%s: %v\n%s", shell, err, out)
				}
				checkOffered(t, tc, c.offers(string(out)))
			}
		})
	}
}

// TestZshCompletionParses: zsh itself must accept completions/_msn
// (driving its completion system needs a terminal).
func TestZshCompletionParses(t *testing.T) {
	if _, err := exec.LookPath("zsh"); err != nil {
		t.Skip("no zsh")
	}
	if out, err := exec.Command("zsh", "-n", "../completions/_msn").CombinedOutput(); err != nil {
		t.Fatalf("zsh -n: %v\n%s", err, out)
	}
}
