//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// waitTimeout is generous: the tests must pass on a loaded machine, and
// they never assert on time.
const waitTimeout = 60 * time.Second

// terminal is licsh's interactive shell running in a pseudo-terminal, as
// an admin sees it.
type terminal struct {
	t    *testing.T
	pty  *os.File
	cmd  *exec.Cmd
	done chan struct{}
	err  error // how the process ended, once done is closed

	mu      sync.Mutex
	screen  bytes.Buffer // everything the shell wrote
	seen    int          // how far waitFor has matched
	settled int          // the statements settle has run
}

// startShell runs licsh with a home, state and config folder of its own
// (dir), so history and profile never touch the user's.
func startShell(t *testing.T, dir string, args ...string) *terminal {
	t.Helper()
	path, err := exec.LookPath("licsh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"HOME="+dir,
		"XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"LICSH_TENANT="+filepath.Join(dir, "tenant.db"),
		"NO_COLOR=1",
		"TERM=xterm",
	)
	return startTerminal(t, cmd, "PS licsh> ")
}

// startTerminal runs cmd in a pseudo-terminal and waits for its prompt.
func startTerminal(t *testing.T, cmd *exec.Cmd, prompt string) *terminal {
	t.Helper()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 160})
	if err != nil {
		t.Fatal(err)
	}
	tm := &terminal{t: t, pty: f, cmd: cmd, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, err := f.Read(buf)
			tm.mu.Lock()
			tm.screen.Write(buf[:n])
			tm.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() {
		tm.err = cmd.Wait()
		close(tm.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-tm.done
		f.Close()
	})
	tm.waitFor(prompt)
	return tm
}

// send types keys.
func (tm *terminal) send(keys string) {
	tm.t.Helper()
	if _, err := tm.pty.Write([]byte(keys)); err != nil {
		tm.t.Fatalf("typing %q: %v", keys, err)
	}
}

// settle waits until the shell has read every key typed so far and shows
// its prompt again: it runs a statement and waits for its output. Keys
// typed on: a Ctrl-C after one that already abandoned the line reaches
// the terminal between two prompts, where it is no key but a signal that
// throws away what is typed after it.
func (tm *terminal) settle(prompt string) {
	tm.t.Helper()
	tm.settled++
	mark := fmt.Sprintf("settled%d", tm.settled)
	tm.send(fmt.Sprintf("'settled' + %d\r", tm.settled))
	tm.waitFor(mark)
	tm.waitFor(prompt)
}

// waitFor waits until the shell has written text after what earlier calls
// matched.
func (tm *terminal) waitFor(text string) {
	tm.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		tm.mu.Lock()
		i := bytes.Index(tm.screen.Bytes()[tm.seen:], []byte(text))
		if i >= 0 {
			tm.seen += i + len(text)
		}
		screen := tm.screen.String()
		tm.mu.Unlock()
		if i >= 0 {
			return
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waiting for %q; the screen ends with:\n%q", text, tail(screen, 2000))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// exitCode waits for the shell to end and returns its exit code.
func (tm *terminal) exitCode() int {
	tm.t.Helper()
	select {
	case <-tm.done:
	case <-time.After(waitTimeout):
		tm.mu.Lock()
		screen := tm.screen.String()
		tm.mu.Unlock()
		tm.t.Fatalf("the shell did not exit; the screen ends with:\n%q", tail(screen, 2000))
	}
	var exit *exec.ExitError
	if errors.As(tm.err, &exit) {
		return exit.ExitCode()
	}
	if tm.err != nil {
		tm.t.Fatal(tm.err)
	}
	return 0
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func TestShellCompletion(t *testing.T) {
	tests := []struct {
		name string
		keys string // typed at the prompt, ending with Tab
		want string // shown after the Tab
	}{
		{"command name, case fixed", "get-dat\t", "Get-Date"},
		{"alias", "selec\t", "select"},
		{"parameter name", "Select-Object -Exp\t", "Select-Object -ExpandProperty"},
		{"parameter names listed", "Get-Content -T\t", "-TotalCount"},
		{"validate set value", "Get-Date -DisplayHint Ti\t", "Get-Date -DisplayHint Time"},
		{"typed fast, then Tab", "'a long line typed while the shell was busy, then Tab' | Select-Object -Exp\t", "| Select-Object -ExpandProperty"},
		{"variable", "$PSVersionT\t", "$PSVersionTable"},
		{"property of a variable", "$PSVersionTable.PSVer\t", "$PSVersionTable.PSVersion"},
		{"file path", "Get-Content ./no\t", "./notes.txt"},
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello\n"), 0o600)
	tm := startShell(t, dir)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm.t = t
			tm.send(tt.keys)
			tm.waitFor(tt.want)
			// Ctrl-C leaves a list of candidates, a second one abandons
			// the line.
			tm.send("\x03")
			tm.send("\x03")
			tm.waitFor("^C")
			tm.settle("PS licsh> ")
		})
	}
	tm.t = t
	tm.send("exit 4\r")
	if code := tm.exitCode(); code != 4 {
		t.Errorf("exit code = %d, want 4", code)
	}
}

func TestShellSession(t *testing.T) {
	tests := []struct {
		name string
		keys string
		want []string // shown in this order
	}{
		{"one line", "1 + 2\r", []string{"3"}},
		{"multi-line foreach", "foreach ($i in 1..3) {\r", []string{">> "}},
		{"foreach body", "  'item' + $i\r", []string{">> "}},
		{"foreach end", "}\r", []string{"item1", "item2", "item3", "PS licsh> "}},
		{"Ctrl-C on a continuation line", "if ($true) {\r", []string{">> "}},
		{"abandoned", "\x03", []string{"PS licsh> "}},
		{"shell still works", "'after' + 'wards'\r", []string{"afterwards"}},
		{"error in one line", "throw 'boom'\r", []string{"Exception: boom", "PS licsh> "}},
		{"Get-History", "Get-History | % CommandLine\r", []string{"1 + 2", "'after' + 'wards'", "throw 'boom'"}},
		{"Invoke-History", "r 1\r", []string{"1 + 2", "3", "PS licsh> "}},
		{"prompt function", "function prompt { 'MY> ' }\r", []string{"MY> "}},
		{"invalid UTF-8", "'\xff\xfe' + 'x'\r", []string{"x", "MY> "}},
		{"resize", "", nil},
		{"after resize", "'still' + 'here'\r", []string{"stillhere"}},
	}
	tm := startShell(t, t.TempDir())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm.t = t
			if tt.name == "resize" {
				if err := pty.Setsize(tm.pty, &pty.Winsize{Rows: 20, Cols: 50}); err != nil {
					t.Fatal(err)
				}
				return
			}
			tm.send(tt.keys)
			for _, w := range tt.want {
				tm.waitFor(w)
			}
		})
	}
	tm.t = t
	tm.send("\x04")
	if code := tm.exitCode(); code != 0 {
		t.Errorf("Ctrl-D: exit code = %d, want 0", code)
	}
}

func TestShellCtrlCStopsPipeline(t *testing.T) {
	tm := startShell(t, t.TempDir())
	tm.send("1..50000000 | ForEach-Object { $_ }\r")
	tm.waitFor("\n2000")
	tm.send("\x03")
	tm.waitFor("PS licsh> ")
	tm.send("'still' + 'alive'\r")
	tm.waitFor("stillalive")
	tm.send("exit\r")
	if code := tm.exitCode(); code != 0 {
		t.Errorf("exit code = %d, want 0", code)
	}
}

func TestShellHistoryAcrossSessions(t *testing.T) {
	dir := t.TempDir()
	tm := startShell(t, dir)
	tm.send("'remember' + '-me'\r")
	tm.waitFor("remember-me")
	tm.send("$password = 'hunter' + '2'\r")
	tm.waitFor("PS licsh> ")
	tm.send("exit\r")
	tm.exitCode()

	file, err := os.ReadFile(filepath.Join(dir, "state", "licsh", "history"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(file), "'remember' + '-me'") {
		t.Errorf("history file lacks the command:\n%s", file)
	}
	if strings.Contains(string(file), "hunter") {
		t.Errorf("history file holds a secret:\n%s", file)
	}

	tm = startShell(t, dir)
	// Ctrl-R searches the history of the earlier session.
	tm.send("\x12' + '-m")
	tm.waitFor("'remember' + '-me'")
	tm.send("\r")
	tm.waitFor("remember-me")
	tm.send("exit\r")
	tm.exitCode()
}

func TestShellProfile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "config", "licsh"), 0o700)
	os.WriteFile(filepath.Join(dir, "config", "licsh", "profile.ps1"), []byte("$fromProfile = 'profile' + '-ran'\n"), 0o600)
	tests := []struct {
		args []string
		want string
	}{
		{nil, "profile-ran"},
		{[]string{"-NoProfile"}, "[none]"},
	}
	for _, tt := range tests {
		tm := startShell(t, dir, tt.args...)
		tm.send("if ($fromProfile) { $fromProfile } else { '[' + 'none]' }\r")
		tm.waitFor(tt.want)
		tm.send("exit\r")
		tm.exitCode()
	}
}

func TestShellPaste(t *testing.T) {
	long := strings.Repeat("a", 1<<20)
	tests := []struct {
		name  string
		paste string
		want  []string
	}{
		{"bracketed script with CRLF and tabs",
			"\x1b[200~foreach ($i in 1..2) {\r\n\t'tab' + $i\r\n}\r\n\x1b[201~",
			[]string{"tab1", "tab2"}},
		{"unbracketed script with tabs",
			"if ($true) {\r\n\t'T' + 'ab'\r\n}\r\n",
			[]string{"Tab"}},
		{"bracketed 1 MB line",
			"\x1b[200~$s = '" + long + "'; 'length ' + $s.Length\x1b[201~\r",
			[]string{"length 1048576"}},
		{"unbracketed 100 kB line",
			"$t = '" + long[:100<<10] + "'; 'length ' + $t.Length\r",
			[]string{"length 102400"}},
	}
	tm := startShell(t, t.TempDir())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm.t = t
			tm.send(tt.paste)
			for _, w := range tt.want {
				tm.waitFor(w)
			}
			tm.waitFor("PS licsh> ")
		})
	}
	tm.t = t
	tm.send("exit\r")
	if code := tm.exitCode(); code != 0 {
		t.Errorf("exit code = %d, want 0", code)
	}
}

func TestShellTerminalClosed(t *testing.T) {
	path, err := exec.LookPath("licsh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command(path)
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_STATE_HOME="+dir, "XDG_CONFIG_HOME="+dir, "LICSH_TENANT="+filepath.Join(dir, "t.db"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	f, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	f.Read(buf)
	f.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(waitTimeout):
		cmd.Process.Kill()
		t.Fatal("the shell hung after its terminal closed")
	}
	if s := stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "goroutine ") {
		t.Errorf("the shell crashed:\n%s", s)
	}
}

// TestShellTenantCompletion types the completions against a demo
// tenant: cmdlet names, parameter names, user principal names and SKUs.
func TestShellTenantCompletion(t *testing.T) {
	dir := t.TempDir()
	tenantFile := filepath.Join(dir, "tenant.db")
	setup := exec.Command("licsh", "-NonInteractive", "-Tenant", tenantFile, "-Command",
		"Initialize-Tenant -Name Contoso -DefaultDomain contoso.com -Demo | Out-Null; (Get-User -All | Sort-Object UserPrincipalName | Select-Object -First 1).UserPrincipalName")
	out, err := setup.CombinedOutput()
	if err != nil {
		t.Fatalf("setting up the tenant: %v\n%s", err, out)
	}
	firstUPN := strings.TrimSpace(string(out))
	path, err := exec.LookPath("licsh")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "LICSH_TENANT="+tenantFile, "NO_COLOR=1", "TERM=xterm")
	tm := startTerminal(t, cmd, "PS licsh:Contoso [admin@contoso.com]> ")
	tests := []struct {
		name, keys, want string
	}{
		{"cmdlet name", "Get-Us\t", "Get-User"},
		{"parameter names listed", "Set-UserLicense -Rem\t", "-Remove"},
		{"then listed on a second Tab", "\t", "-RemoveLicenses"},
		{"parameter name", "Set-UserLicense -RemoveL\t", "Set-UserLicense -RemoveLicenses"},
		{"user principal name", "Set-UserLicense -Identity " + firstUPN[:len(firstUPN)-4] + "\t", firstUPN},
		{"part number", "Set-UserLicense -Identity x -RemoveLicenses SPE_E\t", "SPE_E"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm.t = t
			tm.send(tt.keys)
			tm.waitFor(tt.want)
			// A case whose next case goes on typing on the same line
			// leaves the line as it is.
			if i+1 < len(tests) && tests[i+1].keys == "\t" {
				return
			}
			tm.send("\x03")
			tm.send("\x03")
			tm.waitFor("^C")
			tm.settle("PS licsh:Contoso [admin@contoso.com]> ")
		})
	}
	tm.t = t
	tm.send("\x04")
	if code := tm.exitCode(); code != 0 {
		t.Errorf("exit code = %d, want 0", code)
	}
}

// TestShellTerminated sends SIGTERM and SIGHUP to the shell, as a service
// manager or a closed SSH session does (issue 12): a batch running stops as
// Ctrl-C stops it, with how to finish it, and the shell ends; at the
// prompt the shell ends at once.
func TestShellTerminated(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 30,000-row batches")
	}
	const users = 30_000
	built := filepath.Join(t.TempDir(), "built.db")
	buildKillTenant(t, built, users)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String()+" while running", func(t *testing.T) {
			dir := t.TempDir()
			copyFile(t, built, filepath.Join(dir, "tenant.db"))
			slowChunks(t, filepath.Join(dir, "tenant.db"))
			writeKillList(t, filepath.Join(dir, "list.csv"), users)
			path, err := exec.LookPath("licsh")
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(path)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_STATE_HOME="+filepath.Join(dir, "state"),
				"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "LICSH_TENANT="+filepath.Join(dir, "tenant.db"), "NO_COLOR=1", "TERM=xterm")
			tm := startTerminal(t, cmd, "PS licsh:Contoso [admin@contoso.com]> ")
			tm.send("Invoke-LicenseBatch -Path ./list.csv -RemoveLicenses SPE_E3 -Quiet\r")
			waitForRows(t, filepath.Join(dir, "tenant.db"), 1)
			if err := tm.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			tm.waitFor("BatchId    : 1")
			tm.waitFor("Finish it with: Invoke-LicenseBatch -Path '" + filepath.Join(dir, "list.csv") + "' -Resume 1")
			if code := tm.exitCode(); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
		})
		t.Run(sig.String()+" at the prompt", func(t *testing.T) {
			tm := startShell(t, t.TempDir())
			if err := tm.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := tm.exitCode(); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
		})
	}
}
