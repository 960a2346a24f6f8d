package importexcel_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"licsh/builtins/licshtest"
	"licsh/builtins/licshtest/workbook"

	"github.com/xuri/excelize/v2"
)

func TestExcel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	workbook.Write(t, filepath.Join(dir, "users.xlsx"), map[string][][]any{
		"Users":   {{"UPN", "Dept", "Seats"}, {"ann@contoso.com", "Sales", 2}, {}, {"bob@contoso.com", "IT", 1}},
		"Leavers": {{"report"}, {}, {"UPN", "Left"}, {"cy@contoso.com", "yes"}},
	}, "Users", "Leavers")
	workbook.Write(t, filepath.Join(dir, "dup.xlsx"), map[string][][]any{"S": {{"A", "a"}, {1, 2}}}, "S")
	if err := os.WriteFile(filepath.Join(dir, "corrupt.xlsx"), []byte("PK\x03\x04 not really a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	licshtest.Script(t, dir).Check(licshtest.Contains, []licshtest.Case{
		{"Import-Excel users.xlsx | % UPN", "ann@contoso.com\nbob@contoso.com\n", ""},
		{"(Import-Excel users.xlsx)[0].Seats", "2\n", ""},
		{"Import-Excel users.xlsx | Select-Object -First 1 | ConvertTo-Csv", "\"UPN\",\"Dept\",\"Seats\"\n\"ann@contoso.com\",\"Sales\",\"2\"\n", ""},
		{"Import-Excel users.xlsx -WorksheetName Leavers -StartRow 3 | % { \"$($_.UPN) $($_.Left)\" }", "cy@contoso.com yes\n", ""},
		{"Import-Excel -Path users.xlsx -Sheet Leavers -HeaderRow 3 | % UPN", "cy@contoso.com\n", ""},
		{"Import-Excel users.xlsx -HeaderName U, D | Select-Object -First 1 | % { $_.U + '/' + $_.D }", "UPN/Dept\n", ""},
		{"(Import-Excel users.xlsx -NoHeader | Select-Object -First 1).P3", "Seats\n", ""},
		{"(Import-Excel users.xlsx -NoHeader).Count", "3\n", ""},
		{"Import-Excel nope.xlsx", "", "'" + filepath.Join(dir, "nope.xlsx") + "' file not found"},
		{"Import-Excel users.xlsx -WorksheetName Joiners", "", "Worksheet 'Joiners' not found, the workbook only contains the worksheets 'Users Leavers'."},
		{"Import-Excel corrupt.xlsx", "", "Could not open Excel file '" + filepath.Join(dir, "corrupt.xlsx") + "': it is not a valid XLSX workbook"},
		{"Import-Excel dup.xlsx", "", "Duplicate column headers found on row '1' in column 'a'"},
		{"[pscustomobject]@{Upn='ann@contoso.com'; Seats=2; On=$true} | Export-Excel out.xlsx; Import-Excel out.xlsx | ConvertTo-Csv", "\"Upn\",\"Seats\",\"On\"\n\"ann@contoso.com\",\"2\",\"TRUE\"\n", ""},
		{"[pscustomobject]@{A=1} | Export-Excel app.xlsx; [pscustomobject]@{A=2} | Export-Excel app.xlsx -Append; (Import-Excel app.xlsx).A", "1\n2\n", ""},
		{"[pscustomobject]@{A='x'} | Export-Excel named.xlsx -WorksheetName Report -AutoSize; (Import-Excel named.xlsx -WorksheetName Report).A", "x\n", ""},
		{"[pscustomobject]@{A='x'} | Export-Excel named2.xlsx -WorksheetName Report; Import-Excel named2.xlsx -WorksheetName Sheet1", "", "Worksheet 'Sheet1' not found, the workbook only contains the worksheets 'Report'."},
	}...)
}

// FuzzImportExcel feeds arbitrary bytes to Import-Excel as a file: it must
// report an error or read rows, never panic.
func FuzzImportExcel(f *testing.F) {
	wb := excelize.NewFile()
	if err := wb.SetSheetRow("Sheet1", "A1", &[]any{"A", "B"}); err != nil {
		f.Fatal(err)
	}
	if err := wb.SetSheetRow("Sheet1", "A2", &[]any{1, "x"}); err != nil {
		f.Fatal(err)
	}
	var seed bytes.Buffer
	if _, err := wb.WriteTo(&seed); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		d := t.TempDir()
		if err := os.WriteFile(filepath.Join(d, "in.xlsx"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if out := licshtest.Script(t, d).Run("Import-Excel in.xlsx | Out-Null; Import-Excel in.xlsx -NoHeader -StartRow 2 | Out-Null").Stdout; out != "" {
			t.Errorf("unexpected output %q", out)
		}
	})
}

// TestWorkbookBounds refuses, from the zip directory alone, a workbook that
// would unpack to far more than it packs (as a crafted one does, to
// exhaust memory), and names a password-protected one as such.
func TestWorkbookBounds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var bomb bytes.Buffer
	z := zip.NewWriter(&bomb)
	part, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := part.Write(make([]byte, 20<<20)); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bomb.xlsx"), bomb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "locked.xlsx"), []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 protected"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := licshtest.New(t)
	s.Dir = dir
	s.Check(licshtest.Pattern,
		licshtest.Case{Script: "Import-Excel bomb.xlsx", Stderr: `Import-Excel: Could not open Excel file '.*bomb\.xlsx': its part xl/worksheets/sheet1\.xml unpacks to 20 MB from \d+ KB, as no real workbook does\.`},
		licshtest.Case{Script: "Import-Excel locked.xlsx", Stderr: `Import-Excel: Could not open Excel file '.*locked\.xlsx': it is protected with a password\.`},
	)
}

// TestExportExcelWorkbook checks what Export-Excel leaves in the file, read
// with excelize: each worksheet written stays beside the others, a table
// with its style, a bold and frozen header under a title, and the rows of
// an earlier, longer export below the new ones unless -ClearSheet.
func TestExportExcelWorkbook(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := licshtest.Script(t, dir)
	s.MustRun(`$rows = 1..3 | ForEach-Object { [pscustomobject]@{ Sku = "S$_"; Seats = $_ } }
$rows | Export-Excel report.xlsx -WorksheetName Summary -TableName Seats -TableStyle Medium2 -BoldTopRow -FreezeTopRow -Title 'Seats' -TitleBold -AutoSize
$rows | Export-Excel report.xlsx -WorksheetName Users -AutoFilter -FreezeTopRowFirstColumn
$rows[0] | Export-Excel report.xlsx -WorksheetName Users
$rows | Export-Excel report.xlsx -WorksheetName Cleared
$rows[0] | Export-Excel report.xlsx -WorksheetName Cleared -ClearSheet -TableStyle Light1`)
	f, err := excelize.OpenFile(filepath.Join(dir, "report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 3 || got[0] != "Summary" || got[1] != "Users" || got[2] != "Cleared" {
		t.Errorf("sheets = %q, want Summary, Users, Cleared", got)
	}
	rows := func(sheet string) [][]string {
		r, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := rows("Summary"); len(r) != 5 || r[0][0] != "Seats" || r[1][0] != "Sku" || r[4][1] != "3" {
		t.Errorf("Summary rows = %q, want the title, the header and 3 rows", r)
	}
	tables, err := f.GetTables("Summary")
	if err != nil || len(tables) != 1 || tables[0].Name != "Seats" || tables[0].Range != "A2:B5" || tables[0].StyleName != "TableStyleMedium2" {
		t.Errorf("Summary tables = %+v (%v), want Seats on A2:B5 in TableStyleMedium2", tables, err)
	}
	panes, err := f.GetPanes("Summary")
	if err != nil || !panes.Freeze || panes.YSplit != 2 || panes.XSplit != 0 {
		t.Errorf("Summary panes = %+v (%v), want the title and header frozen", panes, err)
	}
	for _, cell := range []string{"A1", "A2"} {
		id, err := f.GetCellStyle("Summary", cell)
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(id)
		if err != nil || style.Font == nil || !style.Font.Bold {
			t.Errorf("Summary %s is not bold: %+v (%v)", cell, style, err)
		}
	}
	// Written over without -ClearSheet: the first row is new, the rows of
	// the longer export stay below it, as ImportExcel leaves them.
	if r := rows("Users"); len(r) != 4 || r[1][0] != "S1" || r[3][0] != "S3" {
		t.Errorf("Users rows = %q, want the header, S1 and the old S2, S3", r)
	}
	if panes, err := f.GetPanes("Users"); err != nil || panes.XSplit != 1 || panes.YSplit != 1 {
		t.Errorf("Users panes = %+v (%v), want the header and first column frozen", panes, err)
	}
	if r := rows("Cleared"); len(r) != 2 || r[1][0] != "S1" {
		t.Errorf("Cleared rows = %q, want only the header and S1", r)
	}
	if tables, err := f.GetTables("Cleared"); err != nil || len(tables) != 1 || tables[0].Name != "Table1" || tables[0].StyleName != "TableStyleLight1" {
		t.Errorf("Cleared tables = %+v (%v), want Table1 in TableStyleLight1", tables, err)
	}
	s.Check(licshtest.Contains, []licshtest.Case{
		{"(Import-Excel report.xlsx -WorksheetName Summary -StartRow 2).Seats -join ','", "1,2,3\n", ""},
		{"[pscustomobject]@{A=1} | Export-Excel report.xlsx -WorksheetName Bad -TableStyle Shiny", "", "Cannot validate argument on parameter 'TableStyle'."},
		{"[pscustomobject]@{A=1} | Export-Excel report.xlsx -WorksheetName Other -TableName Seats", "", "Could not make table 'Seats' of worksheet 'Other'"},
	}...)
}
