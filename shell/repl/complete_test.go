package repl

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

// fakeTenant is a tenant value source over sorted lists, as the tenant
// index answers.
type fakeTenant map[cmdlet.Completion][]string

func (f fakeTenant) values(kind cmdlet.Completion, prefix string) []string {
	list := f[kind]
	i := sort.Search(len(list), func(i int) bool { return strings.ToLower(list[i]) >= strings.ToLower(prefix) })
	var out []string
	for ; i < len(list) && hasPrefixFold(list[i], prefix) && len(out) < maxCandidates; i++ {
		out = append(out, list[i])
	}
	return out
}

var demoTenant = fakeTenant{
	cmdlet.CompleteUser:     {"adele@contoso.com", "alex@contoso.com", "ben@contoso.com"},
	cmdlet.CompleteSku:      {"ENTERPRISEPACK", "Microsoft 365 E3", "Microsoft 365 E5", "SPE_E3", "SPE_E5"},
	cmdlet.CompleteGroup:    {"Finance", "Sales Team"},
	cmdlet.CompleteProperty: {"Department", "DisplayName", "UserPrincipalName"},
}

// testRunner is a session with cmdlets shaped like the tenant ones.
func testRunner(t testing.TB, dir string) *interp.Runner {
	reg := interp.NewRegistry()
	add := func(c *cmdlet.Cmdlet) {
		if err := reg.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	add(&cmdlet.Cmdlet{Name: "Get-User", Aliases: []string{"gu"}, Params: []*cmdlet.Param{
		{Name: "Identity", Position: 1, Complete: cmdlet.CompleteUser},
		{Name: "Department"},
		{Name: "Licensed", Type: cmdlet.Switch},
		{Name: "Top", Type: cmdlet.Int},
	}})
	add(&cmdlet.Cmdlet{Name: "Get-UserLicense", Params: []*cmdlet.Param{{Name: "Identity", Position: 1, Complete: cmdlet.CompleteUser}}})
	add(&cmdlet.Cmdlet{Name: "Set-UserLicense", SupportsShouldProcess: true, Params: []*cmdlet.Param{
		{Name: "Identity", Aliases: []string{"UserPrincipalName", "UserId"}, Position: 1, Complete: cmdlet.CompleteUser},
		{Name: "AddLicenses", Type: cmdlet.Strings, Complete: cmdlet.CompleteSku},
		{Name: "RemoveLicenses", Type: cmdlet.Strings, Complete: cmdlet.CompleteSku},
		{Name: "RemoveAll", Type: cmdlet.Switch},
	}})
	add(&cmdlet.Cmdlet{Name: "Add-GroupMember", Params: []*cmdlet.Param{{Name: "Group", Complete: cmdlet.CompleteGroup}, {Name: "Member", Complete: cmdlet.CompleteUser}}})
	add(&cmdlet.Cmdlet{Name: "Select-Object", Aliases: []string{"select"}, Params: []*cmdlet.Param{
		{Name: "Property", Type: cmdlet.Objects, Position: 1, Complete: cmdlet.CompleteProperty},
		{Name: "ExpandProperty", Complete: cmdlet.CompleteProperty},
	}})
	add(&cmdlet.Cmdlet{Name: "Get-Content", Params: []*cmdlet.Param{
		{Name: "Path", Position: 1, Complete: cmdlet.CompletePath},
		{Name: "Encoding", ValidateSet: []string{"utf8", "utf8BOM", "ascii", "unicode"}},
	}})
	r := interp.New(&interp.Host{Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Dir: dir}, reg)
	if code := r.RunString(t.Context(), "", "$userCount = 3; $me = [pscustomobject]@{ Name = 'Ann'; Mail = 'ann@contoso.com' }; function Get-Usage { }", nil); code != 0 {
		t.Fatal("setting up the session failed")
	}
	return r
}

func TestComplete(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "users.csv"), nil, 0o600)
	os.WriteFile(filepath.Join(dir, "users 2024.csv"), nil, 0o600)
	os.WriteFile(filepath.Join(dir, ".hidden"), nil, 0o600)
	os.Mkdir(filepath.Join(dir, "batches"), 0o700)
	os.WriteFile(filepath.Join(dir, "batches", "run1.csv"), nil, 0o600)
	c := NewCompleter(testRunner(t, dir), demoTenant.values)

	tests := []struct {
		line  string
		start int
		want  []string
	}{
		// Command names and aliases, case-insensitively.
		{"Get-Us", 0, []string{"Get-Usage", "Get-User", "Get-UserLicense"}},
		{"get-userl", 0, []string{"Get-UserLicense"}},
		{"Set-U", 0, []string{"Set-UserLicense"}},
		{"sel", 0, []string{"select", "Select-Object"}},
		{"gu", 0, []string{"gu"}},
		{"Nope-", 0, nil},
		{"", 0, nil},
		{"1 | Sel", 4, []string{"select", "Select-Object"}},
		{"if ($x) { Get-UserL", 10, []string{"Get-UserLicense"}},
		// Parameter names, minus those given, then common parameters.
		{"Set-UserLicense -Rem", 16, []string{"-RemoveLicenses", "-RemoveAll"}},
		{"Set-UserLicense -RemoveAll -Rem", 27, []string{"-RemoveLicenses"}},
		{"set-userlicense -a", 16, []string{"-AddLicenses"}},
		{"Set-UserLicense -W", 16, []string{"-WhatIf", "-WarningAction", "-WarningVariable"}},
		{"Get-User -Identity x -I", 21, []string{"-InformationAction", "-InformationVariable"}},
		{"gu -Dep", 3, []string{"-Department"}},
		{"Get-Usage -", 10, nil},
		{"Unknown-Command -x", 16, nil},
		// Tenant values after the parameters that take them.
		{"Set-UserLicense -Identity ad", 26, []string{"adele@contoso.com"}},
		{"Set-UserLicense -UserId A", 24, []string{"adele@contoso.com", "alex@contoso.com"}},
		{"Set-UserLicense ben", 16, []string{"ben@contoso.com"}},
		{"Set-UserLicense ben@contoso.com -AddLicenses spe", 45, []string{"SPE_E3", "SPE_E5"}},
		{"Set-UserLicense -RemoveLicenses Micro", 32, []string{"'Microsoft 365 E3'", "'Microsoft 365 E5'"}},
		{"Set-UserLicense -RemoveLicenses 'Microsoft 365 E5", 32, []string{"'Microsoft 365 E5'"}},
		{`Set-UserLicense -RemoveLicenses "micro`, 32, []string{`"Microsoft 365 E3"`, `"Microsoft 365 E5"`}},
		{"Add-GroupMember -Group s", 23, []string{"'Sales Team'"}},
		{"Get-User | Select-Object Disp", 25, []string{"DisplayName"}},
		{"Get-User | select -ExpandProperty user", 34, []string{"UserPrincipalName"}},
		{"Get-User -Licensed ad", 19, []string{"adele@contoso.com"}},
		{"Get-User -Top 5 zz", 16, nil},
		// ValidateSet values.
		{"Get-Content x -Encoding utf", 24, []string{"utf8", "utf8BOM"}},
		{"Get-Content x -Encoding UNI", 24, []string{"unicode"}},
		// File paths.
		{"Get-Content us", 12, []string{"'users 2024.csv'", "users.csv"}},
		{"Get-Content -Path ./us", 18, []string{"'./users 2024.csv'", "./users.csv"}},
		{"Get-Content bat", 12, []string{"batches/"}},
		{"Get-Content batches/r", 12, []string{"batches/run1.csv"}},
		{"Get-Content .h", 12, []string{".hidden"}},
		{"./bat", 0, []string{"./batches/"}},
		{"Get-Content nothing-here", 12, nil},
		// Variables and their properties.
		{"$userC", 0, []string{"$userCount"}},
		{"Write-Output $me.N", 13, []string{"$me.Name"}},
		{"$me.m", 0, []string{"$me.Mail"}},
		{"$nobody.x", 0, nil},
		{"$env:HOM", 0, []string{"$env:HOME"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			start, got := c.Complete(tt.line, len([]rune(tt.line)))
			if tt.want != nil && start != tt.start {
				t.Errorf("start = %d, want %d", start, tt.start)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("candidates = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCompleteNeverPanics(t *testing.T) {
	t.Parallel()
	c := NewCompleter(testRunner(t, t.TempDir()), demoTenant.values)
	lines := []string{"", "$", "-", "'", `"`, "|", "{", "$.", "$x.", "-x -y", "\xff\xfe", "Set-UserLicense -", "a 'b", "``", "@(", "Get-User -Identity:ad", "😀 -", "Set-UserLicense -Identity"}
	for _, line := range lines {
		for pos := -1; pos <= len([]rune(line))+1; pos++ {
			c.Complete(line, pos)
		}
	}
}

func TestCompleteWithoutTenant(t *testing.T) {
	t.Parallel()
	c := NewCompleter(testRunner(t, t.TempDir()), nil)
	if _, got := c.Complete("Set-UserLicense -Identity ad", 28); got != nil {
		t.Errorf("candidates = %q, want none", got)
	}
}

func TestCompleteCapsCandidates(t *testing.T) {
	t.Parallel()
	many := make([]string, 1000)
	for i := range many {
		many[i] = fmt.Sprintf("user%04d@contoso.com", i)
	}
	c := NewCompleter(testRunner(t, t.TempDir()), func(kind cmdlet.Completion, prefix string) []string { return many })
	if _, got := c.Complete("Get-User u", 10); len(got) != maxCandidates {
		t.Errorf("got %d candidates, want %d", len(got), maxCandidates)
	}
}

// BenchmarkCompleteUser measures Tab on a UPN prefix against a 100,000-user
// tenant index.
func BenchmarkCompleteUser(b *testing.B) {
	users := make([]string, 100000)
	for i := range users {
		users[i] = fmt.Sprintf("user%06d@contoso.com", i)
	}
	sort.Strings(users)
	src := fakeTenant{"user": users}
	c := NewCompleter(testRunner(b, b.TempDir()), src.values)
	line := "Set-UserLicense -Identity user0999"
	for b.Loop() {
		if _, got := c.Complete(line, len(line)); len(got) != 100 {
			b.Fatalf("got %d candidates", len(got))
		}
	}
}

// BenchmarkCompleteCommand measures Tab on a command name.
func BenchmarkCompleteCommand(b *testing.B) {
	c := NewCompleter(testRunner(b, b.TempDir()), nil)
	for b.Loop() {
		c.Complete("Get-U", 5)
	}
}

func TestWordStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		head string
		want int
	}{
		{"Get-Us", 0},
		{"Set-UserLicense -Identity adele.archie@contos", 26},
		{"Get-User @pa", 10},
		{"$x = @(1, @pa", 11},
		{"Write-Output 'a b", 13},
		{"a|b", 2},
	}
	for _, tt := range tests {
		if got := wordStart([]rune(tt.head)); got != tt.want {
			t.Errorf("wordStart(%q) = %d, want %d", tt.head, got, tt.want)
		}
	}
}
