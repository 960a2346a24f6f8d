// Command licsh is the licsh shell and batch runner: it opens the
// interactive shell, or runs a script given with -Command, -File or on
// standard input, and exits with the script's exit code as pwsh -File does.
//
// It only reads the command line and wires the session together; the
// language lives in shell/, the cmdlets in builtins/.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/mattn/go-isatty"

	"licsh/builtins"
	"licsh/builtins/m365"
	"licsh/scripts"
	"licsh/shell/goext"
	"licsh/shell/interp"
	"licsh/shell/repl"
)

// version is the licsh release; release builds set it with
// -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// gcPercent is the garbage collector's setting, unless GOGC gives one: a
// batch makes many short-lived objects per row, and collecting less often
// takes a tenth off a 100,000-row run while its memory stays well under the
// 200 MB budget (measured: about 120 MB). The process is licsh's own, so
// the setting is made once, here, rather than by the batch while it runs.
const gcPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(run(os.Args[1:]))
}

// run is licsh with its command line; it returns the process exit code.
func run(args []string) int {
	opts, err := parseArgs(args, isFile)
	if err != nil {
		return badArguments(err)
	}
	switch opts.mode {
	case modeVersion:
		fmt.Printf("licsh %s\n", version)
		return 0
	case modeHelp:
		fmt.Print(help)
		return 0
	}
	if err := useTenant(opts.tenant); err != nil {
		return badArguments(err)
	}

	stdinTerm := isatty.IsTerminal(os.Stdin.Fd())
	stdoutTerm := isatty.IsTerminal(os.Stdout.Fd())
	host := &interp.Host{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		// A script read from standard input cannot also take answers
		// from it.
		Interactive: stdinTerm && !opts.nonInteractive && opts.mode != modeStdin,
		Color:       isatty.IsTerminal(os.Stderr.Fd()) && os.Getenv("NO_COLOR") == "",
	}
	if stdoutTerm {
		host.Width = terminalWidth(os.Stdout.Fd())
	}
	tenantPath := os.Getenv("LICSH_TENANT")
	ts := m365.NewSession(tenantPath, tenantPath == defaultTenantPath())
	defer ts.Close()
	// The tenant clock is the session's: Get-Date follows Set-TenantClock.
	host.Now = ts.Now
	reg := interp.NewRegistry()
	if err := builtins.Register(reg, ts); err != nil {
		fmt.Fprintf(os.Stderr, "licsh: %v\n", err)
		return 1
	}
	gx := goext.NewEngine()
	reg.AddLoader(func(reg *interp.Registry) {
		for _, err := range gx.Register(reg, cmdletDirs()...) {
			fmt.Fprintln(os.Stderr, err)
		}
	})
	r := interp.New(host, reg)

	switch {
	case opts.mode == modeCommand:
		return runCancellable(func(ctx context.Context) int {
			return r.RunString(ctx, "", opts.command, scriptArgs(opts.args))
		})
	case opts.mode == modeFile && strings.EqualFold(filepath.Ext(opts.file), ".go"):
		return runCancellable(func(ctx context.Context) int {
			return gx.RunFile(ctx, r, opts.file, opts.args)
		})
	case opts.mode == modeFile:
		return runCancellable(func(ctx context.Context) int {
			return r.RunFile(ctx, opts.file, scriptArgs(opts.args))
		})
	case opts.mode == modeDefault && stdinTerm && stdoutTerm:
		return runShell(r, ts, opts)
	}
	src, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "licsh: reading standard input: %v\n", err)
		return 1
	}
	return runCancellable(func(ctx context.Context) int {
		return r.RunString(ctx, "", string(src), nil)
	})
}

// runShell opens the interactive shell on the terminal, with the history
// file, completion of the tenant's values and, unless -NoProfile, the
// profile script.
func runShell(r *interp.Runner, ts *m365.Session, opts *options) int {
	shOpts := repl.Options{
		History: repl.NewHistory(repl.DefaultHistoryPath()),
		Welcome: func() string {
			return fmt.Sprintf("licsh %s. %s %s", version, ts.Welcome(), repl.HelpHint)
		},
		Values:   ts.Complete,
		Location: ts.Location,
		Color:    os.Getenv("NO_COLOR") == "",
	}
	if !opts.noProfile {
		shOpts.ProfilePath = repl.DefaultProfilePath()
	}
	// Ctrl-C stops a statement and the shell goes on; SIGTERM and SIGHUP
	// (the terminal closed) stop it the same way and end the shell.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return repl.New(r, shOpts).RunTerminal(ctx, os.Stdin, os.Stdout)
}

// cmdletDirs are the folders of Go cmdlets: the ones shipped inside
// licsh, then the user's.
func cmdletDirs() []goext.Dir {
	shipped, err := fs.Sub(scripts.Cmdlets, "cmdlets")
	if err != nil {
		panic(err) // the embedded folder's name is fixed at build time
	}
	return append([]goext.Dir{{FS: shipped, Name: "scripts/cmdlets"}}, goext.UserDirs()...)
}

// runCancellable runs a script with a context that Ctrl-C cancels, so the
// script stops between commands the way pwsh stops a pipeline. SIGTERM
// and SIGHUP, with which schedulers, service managers and a closed
// terminal end a job, stop it the same way: a batch stops at a clean
// point, says how to finish it, and leaves its result file and no
// temporary ones.
func runCancellable(do func(ctx context.Context) int) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return do(ctx)
}

// badArguments reports a command line licsh cannot run, as pwsh does: the
// message, then for some errors the usage, and exit code 64.
func badArguments(err error) int {
	fmt.Fprintln(os.Stderr, err)
	var ue *usageError
	if errors.As(err, &ue) && ue.showUsage {
		fmt.Fprintf(os.Stderr, "\n%s", usage)
	}
	return exitBadArguments
}

// scriptArgs turns the words after the script into $args.
func scriptArgs(words []string) []any {
	out := make([]any, len(words))
	for i, w := range words {
		out[i] = w
	}
	return out
}

// isFile reports whether path names a file. A backslash separates folders,
// as in the paths scripts give (licsh -File .\job.ps1 from a scheduled
// task written on Windows), where the system's separator is a slash.
func isFile(path string) bool {
	if filepath.Separator == '/' {
		path = strings.ReplaceAll(path, `\`, "/")
	}
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// useTenant settles which tenant file the session works on: -Tenant, else
// $LICSH_TENANT, else the default under the user's data folder. The choice
// is left in LICSH_TENANT, where the tenant cmdlets and any licsh the script
// starts look for it.
func useTenant(flag string) error {
	path := flag
	if path == "" {
		path = os.Getenv("LICSH_TENANT")
	}
	if path == "" {
		path = defaultTenantPath()
	}
	if path == "" {
		return nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return &usageError{msg: fmt.Sprintf("Cannot process the command because -Tenant '%s' is a folder. Specify the path of a tenant file.", path), showUsage: true}
	}
	return os.Setenv("LICSH_TENANT", path)
}

// defaultTenantPath is $XDG_DATA_HOME/licsh/tenant.db, or
// ~/.local/share/licsh/tenant.db; "" when neither folder is known.
func defaultTenantPath() string {
	data := os.Getenv("XDG_DATA_HOME")
	if data == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		data = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(data, "licsh", "tenant.db")
}
