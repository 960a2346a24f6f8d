package builtins_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
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

// censusDir is the census of what 140 public admin scripts use
// (commands.tsv, features.tsv), kept beside the repository: from the
// repository's root it is ../shared/data/census. A clone of the repository
// alone has none, and the census tests skip.
const censusDir = "../../shared/data/census"

// readCensus reads one table of the census: its rows as maps from the
// header's column names. It skips the test when the census is absent.
func readCensus(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(censusDir, name))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no census here (%s): it is kept beside the repository, in ../shared/data/census", filepath.Join(censusDir, name))
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
