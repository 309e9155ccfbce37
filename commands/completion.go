package commands

import (
	"fmt"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
)

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script for bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: `Prints a completion script generated from this program's commands and
flags. The same scripts ship in completions/. Install one with:

    msn completion bash > ~/.local/share/bash-completion/completions/msn
    msn completion zsh  > ~/.zfunc/_msn    # with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc
    msn completion fish > ~/.config/fish/completions/msn.fish`,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usageError("completion takes one shell: bash, zsh or fish")
			}
			script, err := Completion(c.App, c.Args().First())
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(c.App.Writer, script)
			return err
		},
	}
}

// Completion renders the completion script of app for shell.
func Completion(app *cli.App, shell string) (string, error) {
	tree := commandTree(app)
	switch shell {
	case "bash":
		return bashCompletion(tree), nil
	case "zsh":
		return zshCompletion(tree), nil
	case "fish":
		return fishCompletion(tree), nil
	}
	return "", usageError("unknown shell %q: use bash, zsh or fish", shell)
}

// fileFlags are the flags whose value is a file (or folder) name: the only
// flag values completed with file names.
var fileFlags = map[string]bool{"file": true, "password-file": true, "ca-file": true, "config": true, "files": true}

// flagChoices are the values of flags that take one of a fixed few.
var flagChoices = map[string][]string{"protocol": {"MSNP18", "MSNP15", "MSNP12"}}

// flagSpec is what a completion script or the manual needs of a flag.
type flagSpec struct {
	names    []string // long first, then short aliases
	usage    string   // without the backquotes that mark the placeholder
	def      string   // the default shown in help, "" when none
	takesArg bool
	file     bool     // the value is a file name
	choices  []string // the values it takes, when a fixed few
}

// specs describes flags, sorted by name, once each.
func specs(flags []cli.Flag) []flagSpec {
	var out []flagSpec
	seen := map[string]bool{}
	for _, f := range flags {
		name := f.Names()[0]
		if seen[name] {
			continue
		}
		seen[name] = true
		spec := flagSpec{names: f.Names(), file: fileFlags[name], choices: flagChoices[name]}
		if d, ok := f.(cli.DocGenerationFlag); ok {
			spec.usage = strings.ReplaceAll(d.GetUsage(), "`", "")
			spec.takesArg = d.TakesValue()
			if spec.takesArg {
				spec.def = d.GetDefaultText()
			}
		}
		out = append(out, spec)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].names[0] < out[j].names[0] })
	return out
}

// commandNode is msn itself (path nil) or one of its commands, at any
// depth, as completion scripts and the manual see it.
type commandNode struct {
	path  []string     // "contacts", "group", "create"
	cmd   *cli.Command // nil for msn itself
	flags []flagSpec   // every flag it accepts, --help included
	subs  []*cli.Command
	args  []string // what its arguments complete to, if anything
	// argFiles: its arguments are file names (msn sendfile CONTACT FILE...).
	argFiles bool
}

// name is the node's path joined with spaces ("" for msn itself).
func (n commandNode) name() string { return strings.Join(n.path, " ") }

// commandTree lists msn and every visible command below it, depth first.
// Each node's flags are those it has once urfave/cli has set it up to run
// (the --help, and for msn --version, that the library adds), so that
// what `msn completion` prints equals what is generated from a fresh App.
func commandTree(app *cli.App) []commandNode {
	rootFlags := append(append([]cli.Flag{}, app.Flags...), cli.HelpFlag)
	if !app.HideVersion {
		rootFlags = append(rootFlags, cli.VersionFlag)
	}
	root := commandNode{flags: specs(rootFlags), subs: visibleCommands(app.Commands)}
	nodes := []commandNode{root}
	var walk func(path []string, cmds []*cli.Command)
	walk = func(path []string, cmds []*cli.Command) {
		for _, cmd := range cmds {
			p := append(append([]string{}, path...), cmd.Name)
			node := commandNode{path: p, cmd: cmd, flags: specs(append(append([]cli.Flag{}, cmd.Flags...), cli.HelpFlag)), subs: visibleCommands(cmd.Subcommands)}
			switch cmd.Name {
			case "completion":
				node.args = []string{"bash", "zsh", "fish"}
			case "help":
				node.args = commandNames(root.subs)
			case "sendfile":
				node.argFiles = true
			}
			nodes = append(nodes, node)
			walk(p, node.subs)
		}
	}
	walk(nil, root.subs)
	return nodes
}

func visibleCommands(cmds []*cli.Command) []*cli.Command {
	var out []*cli.Command
	for _, c := range cmds {
		if !c.Hidden {
			out = append(out, c)
		}
	}
	return out
}

func commandNames(cmds []*cli.Command) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.Name)
	}
	return out
}

func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// flagWords are the flags as typed: --name and -n for each.
func flagWords(flags []flagSpec, keep func(flagSpec) bool) []string {
	var out []string
	for _, f := range flags {
		if keep == nil || keep(f) {
			for _, n := range f.names {
				out = append(out, dashed(n))
			}
		}
	}
	return out
}
