package main

import (
	"fmt"
	"strings"
)

// mode is what licsh was asked to run.
type mode int

const (
	// modeDefault opens the shell when a person is at the terminal and
	// otherwise runs standard input as a script.
	modeDefault mode = iota
	modeCommand
	modeFile
	// modeStdin runs standard input as a script even at a terminal
	// (`-Command -` or `-File -`).
	modeStdin
	modeVersion
	modeHelp
)

// options is the parsed command line.
type options struct {
	mode           mode
	command        string // the script text of -Command
	file           string // the script path of -File, as the user wrote it
	args           []string
	tenant         string // -Tenant as given; "" when absent
	nonInteractive bool
	noProfile      bool
}

// usageError is a command line licsh cannot run. pwsh exits 64 for these,
// after the message and, for some, the usage text.
type usageError struct {
	msg       string
	showUsage bool
}

func (e *usageError) Error() string { return e.msg }

// exitBadArguments is pwsh's exit code for a command line it cannot parse.
const exitBadArguments = 64

// flagNames are licsh's flags in lower case, sorted, as pwsh lists them
// when it suggests one. -NoLogo and -ExecutionPolicy do nothing in licsh;
// they are accepted so that pwsh command lines copied into schedulers run
// unchanged.
var flagNames = []string{
	"command",
	"executionpolicy",
	"file",
	"help",
	"nologo",
	"noninteractive",
	"noprofile",
	"tenant",
	"version",
}

// parseArgs reads licsh's command line the way pwsh reads its own: flags
// are case-insensitive and may be shortened to any unique prefix, the first
// argument that is not a flag is the script file, and everything after the
// script text or file belongs to the script. exists reports whether a path
// names a file; a dash argument that names no flag is a script file only if
// it exists, as in pwsh.
func parseArgs(args []string, exists func(string) bool) (*options, error) {
	o := &options{}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name, isFlag := flagKey(arg)
		if !isFlag {
			return o, o.setFile(arg, args[i+1:], exists)
		}
		flag := matchFlag(name)
		switch flag {
		case "version":
			// pwsh looks at nothing after -Version.
			o.mode = modeVersion
			return o, nil
		case "help":
			o.mode = modeHelp
			return o, nil
		case "nologo":
		case "noprofile":
			o.noProfile = true
		case "noninteractive":
			o.nonInteractive = true
		case "executionpolicy":
			if i+1 >= len(args) {
				return o, &usageError{msg: "Cannot process the execution policy because of a missing policy name. A policy name must follow -ExecutionPolicy.", showUsage: true}
			}
			i++
		case "tenant":
			if i+1 >= len(args) || args[i+1] == "" {
				return o, &usageError{msg: "Cannot process the command because -Tenant requires an argument that is a path to a tenant file.", showUsage: true}
			}
			i++
			o.tenant = args[i]
		case "command":
			return o, o.setCommand(args[i+1:])
		case "file":
			if i+1 >= len(args) {
				return o, &usageError{msg: "The command cannot be run because the File parameter requires a file path. Supply a path for the File parameter and then try the command again.", showUsage: true}
			}
			return o, o.setFile(args[i+1], args[i+2:], exists)
		default:
			// Like pwsh, an argument that is no flag is taken for the
			// script file.
			return o, o.setFile(arg, args[i+1:], exists)
		}
	}
	return o, nil
}

func (o *options) setCommand(rest []string) error {
	if len(rest) == 0 {
		return &usageError{msg: "Cannot process the command because of a missing parameter. A command must follow -Command.", showUsage: true}
	}
	if rest[0] == "-" {
		if len(rest) > 1 {
			return &usageError{msg: "'-' was specified with the -Command parameter; no other arguments to -Command are permitted.", showUsage: true}
		}
		o.mode = modeStdin
		return nil
	}
	o.mode, o.command, o.args = modeCommand, rest[0], rest[1:]
	return nil
}

func (o *options) setFile(path string, rest []string, exists func(string) bool) error {
	if path == "-" {
		o.mode = modeStdin
		return nil
	}
	if !exists(path) {
		if key, isFlag := flagKey(path); isFlag && key != "" {
			if similar := similarFlags(key); len(similar) > 0 {
				return &usageError{msg: fmt.Sprintf("Invalid argument '%s', did you mean:\n\n  -%s", path, strings.Join(similar, "\n  -"))}
			}
		}
		return &usageError{msg: fmt.Sprintf("The argument '%s' is not recognized as the name of a script file. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.", path), showUsage: true}
	}
	o.mode, o.file, o.args = modeFile, path, rest
	return nil
}

// flagKey returns the flag name of -name, --name, /? and the en or em dash
// that word processors put in place of a pasted hyphen; isFlag is false
// for anything else.
func flagKey(arg string) (name string, isFlag bool) {
	arg = strings.TrimSpace(arg)
	if arg == "/?" {
		return "?", true
	}
	for _, dash := range []string{"--", "-", "\u2013", "\u2014"} {
		if rest, ok := strings.CutPrefix(arg, dash); ok {
			return rest, true
		}
	}
	return "", false
}

// matchFlag returns the flag that name is a unique prefix of, or "" when it
// is none or several.
func matchFlag(name string) string {
	if name == "?" {
		return "help"
	}
	key := strings.ToLower(name)
	if key == "" {
		return ""
	}
	if key == "ep" {
		return "executionpolicy"
	}
	found := ""
	for _, f := range flagNames {
		if f == key {
			return f
		}
		if strings.HasPrefix(f, key) {
			if found != "" {
				return ""
			}
			found = f
		}
	}
	return found
}

// similarFlags lists the flags whose name contains key, which pwsh offers
// for an argument it does not know.
func similarFlags(key string) []string {
	key = strings.ToLower(key)
	var out []string
	for _, f := range flagNames {
		if strings.Contains(f, key) {
			out = append(out, f)
		}
	}
	return out
}

// usage is the short synopsis printed after a command line error and at the
// top of -Help.
const usage = `Usage: licsh [[-File] <filePath> [args]]
             [-Command { - | <string> [args] }]
             [-Tenant <path>] [-NoProfile] [-NonInteractive]
       licsh -Version
       licsh -Help | -?
`

// help is the text of -Help.
const help = usage + `
licsh runs PowerShell scripts against a Microsoft 365 tenant kept in one file.

  -File | -f         Run the script file, then exit with its exit code. The
                     arguments after the path are passed to the script. "-"
                     reads the script from standard input.
  -Command | -c      Run the script text, then exit. The arguments after it
                     are passed to the script in $args. "-" reads the script
                     from standard input.
  -Tenant | -t       Use this tenant file (default: $LICSH_TENANT, then
                     $XDG_DATA_HOME/licsh/tenant.db).
  -NoProfile         Do not run the profile script
                     ($XDG_CONFIG_HOME/licsh/profile.ps1) in the shell.
  -NonInteractive    Never prompt; a prompt is an error.
  -Version | -v      Show the version and exit.
  -Help | -h | -?    Show this help and exit.

With no -File or -Command, licsh opens the shell when standard input and
output are a terminal, and otherwise runs standard input as a script.
All flags are case-insensitive and may be shortened to a unique prefix.
Exit codes: 0 on success, N for "exit N", 1 when the script fails or does
not parse, 64 for a command line licsh cannot read.
`
