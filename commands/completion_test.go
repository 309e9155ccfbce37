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

// TestBashCompletion loads completions/msn.bash into bash and asks _msn.
func TestBashCompletion(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script, err := filepath.Abs("../completions/msn.bash")
	if err != nil {
		t.Fatal(err)
	}
	dir := completionDir(t)
	for _, tc := range completionCases {
		cmd := exec.Command("bash", "--norc", "-c", `source "$1"; shift; COMP_WORDS=(msn "$@"); COMP_CWORD=$#; _msn; printf '%s\n' "${COMPREPLY[@]}"`, "bash", script)
		cmd.Args = append(cmd.Args, tc.words...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("bash: %v\n%s", err, out)
		}
		checkOffered(t, tc, strings.Fields(string(out)))
	}
}

// TestFishCompletion loads completions/msn.fish into fish and asks
// `complete -C`.
func TestFishCompletion(t *testing.T) {
	if _, err := exec.LookPath("fish"); err != nil {
		t.Skip("no fish")
	}
	script, err := filepath.Abs("../completions/msn.fish")
	if err != nil {
		t.Fatal(err)
	}
	dir := completionDir(t)
	for _, tc := range completionCases {
		line := "msn " + strings.Join(tc.words, " ")
		cmd := exec.Command("fish", "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, script, line)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("fish: %v\n%s", err, out)
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if w, _, _ := strings.Cut(l, "\t"); w != "" {
				got = append(got, w)
			}
		}
		checkOffered(t, tc, got)
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
