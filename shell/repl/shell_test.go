package repl

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"licsh/shell/interp"
)

// runShell runs input through a shell on a fresh session and returns what
// it showed on standard output and error.
func runShell(t *testing.T, opts Options, input string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errs bytes.Buffer
	r := interp.New(&interp.Host{Stdout: &out, Stderr: &errs}, interp.NewRegistry())
	code = New(r, opts).RunLines(context.Background(), strings.NewReader(input), &out)
	return out.String(), errs.String(), code
}

func TestShellEntries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, input, out, errs string
	}{
		{"Get-History lists earlier entries",
			"'a'\n1 + 1\n(Get-History).CommandLine\n",
			"PS licsh> a\nPS licsh> 2\nPS licsh> 'a'\n1 + 1\nPS licsh> \n", ""},
		{"Get-History -Count",
			"'a'\n'b'\n'c'\n(Get-History -Count 2).CommandLine\n",
			"PS licsh> a\nPS licsh> b\nPS licsh> c\nPS licsh> 'b'\n'c'\nPS licsh> \n", ""},
		{"Get-History -Id",
			"'a'\n'b'\n(Get-History 2).CommandLine\n",
			"PS licsh> a\nPS licsh> b\nPS licsh> 'b'\nPS licsh> \n", ""},
		{"Get-History of an unknown id",
			"Get-History 9\n",
			"PS licsh> PS licsh> \n", "Get-History: Cannot locate history for Id 9.\n"},
		{"status of entries",
			"'ok'\nthrow 'x'\n(Get-History).ExecutionStatus -join ','\n",
			"PS licsh> ok\nPS licsh> PS licsh> Completed,Failed\nPS licsh> \n", "Exception: x\n"},
		{"a multi-line entry is one entry",
			"if ($true) {\n'in'\n}\n(Get-History).Count\n",
			"PS licsh> >> >> in\nPS licsh> 1\nPS licsh> \n", ""},
		{"r runs the last entry and shows it",
			"'again'\nr\n",
			"PS licsh> again\nPS licsh> 'again'\nagain\nPS licsh> \n", ""},
		{"Invoke-History by id",
			"$n = 1\n$n += 1\n$n\nInvoke-History 2\n$n\n",
			"PS licsh> PS licsh> PS licsh> 2\nPS licsh> $n += 1\nPS licsh> 3\nPS licsh> \n", ""},
		{"Invoke-History by the start of a line",
			"'first'\n'second'\nr \"'f\"\n",
			"PS licsh> first\nPS licsh> second\nPS licsh> 'first'\nfirst\nPS licsh> \n", ""},
		{"the history records what r ran",
			"'x'\nr\n(Get-History).CommandLine -join '|'\n",
			"PS licsh> x\nPS licsh> 'x'\nx\nPS licsh> 'x'|'x'\nPS licsh> \n", ""},
		{"r with no history",
			"r\n",
			"PS licsh> PS licsh> \n", "Invoke-History: Cannot locate the most recent history.\n"},
		{"r of an unknown id",
			"r 7\n",
			"PS licsh> PS licsh> \n", "Invoke-History: Cannot locate history for Id 7.\n"},
		{"r of an unknown start",
			"'a'\nr zzz\n",
			"PS licsh> a\nPS licsh> PS licsh> \n", "Invoke-History: Cannot locate most recent history for CommandLine zzz.\n"},
		{"Invoke-History -WhatIf",
			"'a'\nr -WhatIf\n",
			"PS licsh> a\nPS licsh> What if: Performing the operation \"Invoke-History\" on target \"'a'\".\nPS licsh> \n", ""},
		{"prompt function",
			"function prompt { 'my> ' }\n'x'\n",
			"PS licsh> my> x\nmy> \n", ""},
		{"prompt function with several values",
			"function prompt { 'a'; 2; '> ' }\n",
			"PS licsh> a 2 > \n", ""},
		{"prompt function that fails",
			"function prompt { throw 'no' }\n",
			"PS licsh> PS>\n", ""},
		{"prompt function that returns nothing",
			"function prompt { }\n",
			"PS licsh> PS>\n", ""},
		{"$? is kept around the prompt",
			"function prompt { \"[$?]> \" }\nthrow 'x'\n'y'\n",
			"PS licsh> [True]> [False]> y\n[True]> \n", "Exception: x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, _ := runShell(t, Options{}, tt.input)
			if out != tt.out {
				t.Errorf("stdout\n got %q\nwant %q", out, tt.out)
			}
			if errs != tt.errs {
				t.Errorf("stderr\n got %q\nwant %q", errs, tt.errs)
			}
		})
	}
}

func TestDefaultPrompt(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tenant, admin string
		live, color   bool
		want          string
	}{
		{"", "", false, false, "PS licsh> "},
		{"contoso", "", false, false, "PS licsh:contoso> "},
		{"contoso", "admin@contoso.com", false, true, "PS licsh:contoso [admin@contoso.com]> "},
		{"", "admin@contoso.com", false, false, "PS licsh [admin@contoso.com]> "},
		{"Contoso", "License sync", true, false, "PS licsh:Contoso (live) [License sync]> "},
		{"Contoso", "admin@contoso.com", true, true, "PS licsh:\x1b[31;1mContoso (live)\x1b[0m [admin@contoso.com]> "},
	}
	for _, tt := range tests {
		out, _, _ := runShell(t, Options{Color: tt.color, Location: func() (string, string, bool) { return tt.tenant, tt.admin, tt.live }}, "")
		if want := tt.want + "\n"; out != want {
			t.Errorf("prompt for %q %q = %q, want %q", tt.tenant, tt.admin, out, want)
		}
	}
}

func TestProfile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, profile, input, out string
		code                      int
	}{
		{"defines for the session", "function hi { 'hello' }\n$who = 'admin'\n", "hi\n$who\n", "PS licsh> hello\nPS licsh> admin\nPS licsh> \n", 0},
		{"errors do not stop the shell", "throw 'bad profile'\n", "'on'\n", "PS licsh> on\nPS licsh> \n", 0},
		{"exit in the profile leaves", "exit 5\n", "'never'\n", "", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "profile.ps1")
			os.WriteFile(path, []byte(tt.profile), 0o600)
			out, _, code := runShell(t, Options{ProfilePath: path}, tt.input)
			if out != tt.out || code != tt.code {
				t.Errorf("got %q, %d; want %q, %d", out, code, tt.out, tt.code)
			}
		})
	}
	out, _, _ := runShell(t, Options{ProfilePath: filepath.Join(dir, "missing.ps1")}, "'ok'\n")
	if out != "PS licsh> ok\nPS licsh> \n" {
		t.Errorf("a missing profile: %q", out)
	}
}

func TestHistoryFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state", "licsh", "history")
	entries := []string{
		"Get-User",
		"$cred = Get-Credential -Password x",
		"Connect-Tenant -Token abc",
		"$clientSecret = 'x'",
		"$apiKey = 'y'",
		"if ($true) {\n  'multi'\n}",
		"'" + strings.Repeat("z", maxSavedLine) + "'",
		"Get-License",
	}
	h := NewHistory(path)
	for _, e := range entries {
		h.Add(Entry{CommandLine: e})
	}
	if got := len(h.Entries()); got != len(entries) {
		t.Errorf("the session has %d entries, want %d", got, len(entries))
	}
	want := []string{"Get-User", "if ($true) {", "  'multi'", "}", "Get-License"}
	if got := NewHistory(path).Load(); !reflect.DeepEqual(got, want) {
		t.Errorf("the next session loads %q, want %q", got, want)
	}
}

func TestHistoryFileTrimmed(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "history")
	var sb strings.Builder
	for i := 0; i < historyFileLimit+10; i++ {
		sb.WriteString("'line'\n\n")
	}
	os.WriteFile(path, []byte(sb.String()), 0o600)
	if got := len(NewHistory(path).Load()); got != historyFileLimit {
		t.Errorf("loaded %d lines, want %d", got, historyFileLimit)
	}
	if got := len(NewHistory(path).Load()); got != historyFileLimit {
		t.Errorf("after trimming, loaded %d lines, want %d", got, historyFileLimit)
	}
}

func TestIsSecret(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want bool
	}{
		{"Get-User", false},
		{"Set-UserLicense -AddLicenses SPE_E5", false},
		{"$password = 'x'", true},
		{"ConvertTo-SecureString 'x' -AsPlainText -Force", true},
		{"$TOKEN", true},
		{"New-Secret", true},
		{"$apikey = 1", true},
		{"Get-Key", true},
		{"$passwd", true},
		// Issue 12: secrets given a value under a short name, or to
		// ConvertTo-SecureString, or inside a connection string.
		{"$pass = 'Summer2024!'", true},
		{`$pw = "hunter2"`, true},
		{"$adminPw='x'", true},
		{"$sec = ConvertTo-SecureString -String 'x'", true},
		{"ConvertTo-SecureString 'x' -Force -AsPlainText", true},
		{"$cs = 'Server=db;Database=hr;User Id=sa;Pwd=x'", true},
		{"$cs = 'Server=db;Uid=sa;Password=x'", true},
		{"Invoke-Sql -ConnectionString 'Server=db;PWD = x'", true},
		{"$h = @{ User = 'a'; Pass = 'x' }", true},
		// Reading such a variable, or the pwd alias, keeps the line.
		{"Connect-Db -Credential $pass", false},
		{"pwd", false},
		{"Set-Location (pwd)", false},
		{"$pwsh = 'pwsh'", false},
		{"$passes -eq 3", false},
		{"Get-User | Where-Object Department -eq 'Sales'", false},
	}
	for _, tt := range tests {
		if got := IsSecret(tt.line); got != tt.want {
			t.Errorf("IsSecret(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestDefaultPaths(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/s")
	t.Setenv("XDG_CONFIG_HOME", "/c")
	if got := DefaultHistoryPath(); got != "/s/licsh/history" {
		t.Errorf("DefaultHistoryPath() = %q", got)
	}
	if got := DefaultProfilePath(); got != "/c/licsh/profile.ps1" {
		t.Errorf("DefaultProfilePath() = %q", got)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "/h")
	if got := DefaultHistoryPath(); got != "/h/.local/state/licsh/history" {
		t.Errorf("DefaultHistoryPath() = %q", got)
	}
	if got := DefaultProfilePath(); got != "/h/.config/licsh/profile.ps1" {
		t.Errorf("DefaultProfilePath() = %q", got)
	}
}

// TestHistoryExamples runs the examples of the shell's own cmdlets after a
// few entries, one of which starts with Get-U as an example recalls.
func TestHistoryExamples(t *testing.T) {
	t.Parallel()
	s := &Shell{}
	for _, c := range s.historyCmdlets() {
		for _, ex := range c.Examples {
			_, errs, code := runShell(t, Options{}, "function Get-Users { 'users' }\nGet-Users\n'three'\n"+ex.Code+"\n")
			if errs != "" || code != 0 {
				t.Errorf("%s: exit code %d\n%s", ex.Code, code, errs)
			}
		}
	}
}
