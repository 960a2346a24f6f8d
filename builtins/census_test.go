package builtins_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"licsh/builtins/licshtest"
	"licsh/shell/interp"
)

// censusDirs are where the census of what 140 public admin scripts use
// (commands.tsv, features.tsv) is kept: beside the repository, whose root
// is .. from here, in ../shared/data/census, or beside the folder of the
// repository's worktrees. A clone of the repository alone has none, and
// the census tests skip.
var censusDirs = []string{"../../shared/data/census", "../../../shared/data/census"}

// readCensus reads one table of the census: its rows as maps from the
// header's column names. It skips the test when the census is absent.
func readCensus(t *testing.T, name string) []map[string]string {
	t.Helper()
	var f *os.File
	err := fs.ErrNotExist
	for _, dir := range censusDirs {
		if f, err = os.Open(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no census here (%s): it is kept beside the repository, in ../shared/data/census", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(records) < 2 {
		t.Fatalf("%s has no rows", name)
	}
	rows := make([]map[string]string, 0, len(records)-1)
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, col := range records[0] {
			if i < len(rec) {
				row[col] = rec[i]
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// censusModule reports whether licsh must have the commands of a module the
// census names: PowerShell's own, Microsoft Graph's, MSOnline, AzureAD,
// Exchange Online's and ImportExcel.
func censusModule(module string) bool {
	return strings.HasPrefix(module, "Microsoft.PowerShell.") || strings.HasPrefix(module, "Microsoft.Graph.") ||
		slices.Contains([]string{"MSOnline", "AzureAD", "ExchangeOnlineManagement", "ImportExcel"}, module)
}

// TestCensusCommands checks that licsh has every command of those modules
// that 2% or more of the census's scripts use, and logs the share of the
// scripts that licsh runs through: the census counts scripts per command,
// not commands per script, so the share lies between 1 − Σ(share of each
// missing command), or 0 when that sum passes 1, and 1 − (share of the most
// used missing one).
func TestCensusCommands(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	var missing []string
	var sum, most float64
	for _, row := range readCensus(t, "commands.tsv") {
		name, module := row["command"], row["module"]
		share, err := strconv.ParseFloat(row["share_of_scripts"], 64)
		if err != nil {
			t.Fatalf("commands.tsv: %s: share %q: %v", name, row["share_of_scripts"], err)
		}
		if !censusModule(module) {
			continue
		}
		if reg.Lookup(name) != nil {
			continue
		}
		if share >= 0.02 {
			t.Errorf("%s (%s) is used by %.1f%% of the census's scripts but licsh has no such command", name, module, share*100)
		}
		missing = append(missing, name+" "+strconv.FormatFloat(share*100, 'f', 1, 64)+"%")
		sum += share
		most = max(most, share)
	}
	t.Logf("missing: %s", strings.Join(missing, ", "))
	t.Logf("scripts whose every command of these modules licsh has: between %.1f%% and %.1f%%", max(0, 1-sum)*100, (1-most)*100)
}

// TestCensusAliases checks that every alias the census's scripts use
// stands for the command it names.
func TestCensusAliases(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	for _, row := range readCensus(t, "aliases.tsv") {
		alias, canonical := row["alias"], row["canonical"]
		c := reg.Lookup(alias)
		switch {
		case c == nil:
			t.Errorf("alias %s (%s) is not registered", alias, canonical)
		case !strings.EqualFold(c.Name, canonical) && !(canonical == "mkdir" && c.Name == "New-Item"):
			t.Errorf("alias %s stands for %s, want %s", alias, c.Name, canonical)
		}
	}
}

// TestCensusFeatures runs the one-line probe of each language feature of
// the census through licsh and fails on any error output. A probe may
// start with "[demo tenant]" (it runs on the demo tenant) or "[-File]" (it
// runs as a script file, "⏎" marking its line breaks); its files go to
// /tmp/census/probe, which is a folder of the test's here.
func TestCensusFeatures(t *testing.T) {
	t.Parallel()
	// The probes' folders are named by number: the features' names have
	// characters a path in a script would have to quote.
	dirs := t.TempDir()
	for i, row := range readCensus(t, "features.tsv") {
		feature, probe := row["feature"], row["probe"]
		t.Run(feature, func(t *testing.T) {
			t.Parallel()
			s := licshtest.New(t)
			if rest, ok := strings.CutPrefix(probe, "[demo tenant] "); ok {
				s = licshtest.Demo(t)
				probe = rest
			}
			s.Dir = filepath.Join(dirs, strconv.Itoa(i))
			dir := filepath.Join(s.Dir, "probe")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			probe = strings.ReplaceAll(probe, "/tmp/census/probe", filepath.ToSlash(dir))
			var out, errb bytes.Buffer
			r := s.Runner(&interp.Host{Stdout: &out, Stderr: &errb})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if rest, ok := strings.CutPrefix(probe, "[-File] "); ok {
				path := filepath.Join(s.Dir, "probe.ps1")
				if err := os.WriteFile(path, []byte(strings.ReplaceAll(rest, "⏎", "\n")), 0o644); err != nil {
					t.Fatal(err)
				}
				r.RunFile(ctx, path, nil)
			} else {
				r.RunString(ctx, "", strings.ReplaceAll(probe, "⏎", "\n"), nil)
			}
			if errb.Len() > 0 {
				t.Errorf("%s\noutput: %s\nerror: %s", probe, out.String(), errb.String())
			}
		})
	}
}

// censusUnavailable are the census's modules that licsh does not have,
// with the modules of builtins.Unavailable that may stand for each.
func censusUnavailable() map[string]func(module string) bool {
	is := func(names ...string) func(string) bool {
		return func(m string) bool { return slices.Contains(names, m) }
	}
	return map[string]func(string) bool{
		"ActiveDirectory/ADSync":                 is("ActiveDirectory", "ADSync"),
		"Az.*":                                   func(m string) bool { return m == "Az" || strings.HasPrefix(m, "Az.") },
		"Microsoft.Online.SharePoint.PowerShell": is("Microsoft.Online.SharePoint.PowerShell"),
		"PnP.PowerShell":                         is("PnP.PowerShell"),
		"Microsoft.Graph.Teams":                  is("Microsoft.Graph.Teams"),
		"Microsoft.Entra":                        is("Microsoft.Entra"),
		"Azure Automation runbook runtime":       is("Orchestrator.AssetManagement.Cmdlets"),
	}
}

// TestCensusUnavailable runs every command the census's scripts call of
// the modules licsh does not have, in one session, and checks that each
// fails as a command that is not there does, with the second line naming
// its module.
func TestCensusUnavailable(t *testing.T) {
	t.Parallel()
	reg := registry(t)
	fits := censusUnavailable()
	var names []string
	want := map[string]func(string) bool{}
	for _, row := range readCensus(t, "commands.tsv") {
		if fit, ok := fits[row["module"]]; ok {
			names = append(names, row["command"])
			want[row["command"]] = fit
		}
	}
	if len(names) < 30 {
		t.Fatalf("the census names %d commands of the modules licsh does not have, want 30 or more: %v", len(names), names)
	}
	var script strings.Builder
	for _, name := range names {
		if c := reg.Lookup(name); c != nil {
			t.Errorf("%s is a command of licsh's module %s, not of one licsh does not have", name, c.Module)
			continue
		}
		fmt.Fprintf(&script, "try { & '%s' -Identity x } catch { '%s|' + $_.FullyQualifiedErrorId + '|' + $_.CategoryInfo.Category + '|' + $_.Exception.Message.Split(\"`n\")[1] }\n", name, name)
	}
	t.Logf("%d commands of the census fail naming their module", len(names))
	out := licshtest.New(t).MustRun(script.String())
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(names) {
		t.Fatalf("%d commands gave %d lines:\n%s", len(names), len(lines), out)
	}
	for _, line := range lines {
		parts := strings.SplitN(line, "|", 4)
		if len(parts) != 4 {
			t.Errorf("%q is not name|id|category|reason", line)
			continue
		}
		name, id, category, reason := parts[0], parts[1], parts[2], parts[3]
		prefix := name + " is a command of the module "
		module, _, _ := strings.Cut(strings.TrimPrefix(reason, prefix), ",")
		if id != "CommandNotFoundException" || category != "ObjectNotFound" || !strings.HasPrefix(reason, prefix) || !want[name](module) {
			t.Errorf("%s: got %s, %s, %q; want CommandNotFoundException, ObjectNotFound and its module named", name, id, category, reason)
		}
	}
}
