package importexcel

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"licsh/builtins/core"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// moduleName is the module's, which Get-Command shows as Source.
const moduleName = "ImportExcel"

// Module is the ImportExcel module (its Import-Excel and Export-Excel), which
// admins install from the PowerShell Gallery and licsh has built in.
func Module() *interp.Module {
	return &interp.Module{Name: moduleName, Version: "7.8.10",
		Description: "Reads and writes Excel workbooks without Excel.", Cmdlets: cmdlets()}
}

func cmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Import-Excel",
			Module:      moduleName,
			Synopsis:    "Read the content of an Excel sheet.",
			Description: "Import-Excel reads a worksheet of an XLSX file (the first one unless -WorksheetName names another) and outputs one object per row, like Import-Csv: the header row at -StartRow names the properties, or -HeaderName gives the names and every row from -StartRow is data, or -NoHeader names them P1, P2 and so on. Empty rows are skipped. Cell values are read as the cells show them.",
			Params: []*cmdlet.Param{
				{Name: "Path", Aliases: []string{"FullName"}, Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "The XLSX file to read."},
				{Name: "WorksheetName", Aliases: []string{"Sheet"}, Type: cmdlet.String, Position: 2, Help: "The worksheet to read; the first one by default."},
				{Name: "HeaderName", Type: cmdlet.Strings, Help: "The property names to use; every row from -StartRow is then data."},
				{Name: "NoHeader", Type: cmdlet.Switch, Help: "Names the properties P1, P2 and so on; every row from -StartRow is data."},
				{Name: "StartRow", Aliases: []string{"HeaderRow", "TopRow"}, Type: cmdlet.Int, Help: "The row the header (or, without one, the data) starts on; 1 by default."},
			},
			Examples: []cmdlet.Example{
				{Code: "Import-Excel ./users.xlsx | Set-UserLicense -AddLicenses SPE_E5", Remarks: "Gives every user listed in the first sheet an E5 license."},
				{Code: "Import-Excel ./report.xlsx -WorksheetName Leavers -StartRow 3", Remarks: "Reads the Leavers sheet, whose header is on row 3."},
			},
			Process: importExcel,
		},
		{
			Name:        "Export-Excel",
			Module:      moduleName,
			Synopsis:    "Exports data to an Excel worksheet.",
			Description: "Export-Excel writes its input objects to a worksheet of an XLSX file, one row per object under a header row of property names, replacing the file unless -Append adds the rows below those already in the sheet. Numbers, booleans and dates keep their type.",
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompletePath, Help: "The XLSX file to write."},
				{Name: "InputObject", Aliases: []string{"TargetData"}, Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to write."},
				{Name: "WorksheetName", Type: cmdlet.String, Help: "The worksheet to write; Sheet1 by default."},
				{Name: "AutoSize", Type: cmdlet.Switch, Help: "Sizes each column to fit its widest value."},
				{Name: "Append", Type: cmdlet.Switch, Help: "Adds the rows below those already in the worksheet."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-UserLicense | Export-Excel ./licenses.xlsx -WorksheetName Licenses -AutoSize", Remarks: "Writes the license assignments to a worksheet."},
			},
			Process: core.CollectInput("InputObject"),
			End:     exportExcel,
		},
	}
}

// excelError is a terminating error about an XLSX file, naming it.
func excelError(cmdlet, id, path, msg string) *interp.ErrorRecord {
	rec := interp.NewError(core.CommandID(id, cmdlet), "InvalidData", path, msg)
	rec.Exception.Type = "System.ArgumentException"
	return rec
}

// OpenWorkbook opens an XLSX file, telling a missing file, an encrypted
// one and one that is not a workbook apart.
func OpenWorkbook(cmdlet, path string) (*excelize.File, error) {
	if _, err := os.Stat(path); err != nil {
		rec := interp.NewError(core.CommandID("FileNotFound", cmdlet), "ObjectNotFound", path, fmt.Sprintf("'%s' file not found", path))
		rec.Exception.Type = "System.IO.FileNotFoundException"
		return nil, rec
	}
	if reason := unpackedTooLarge(path); reason != "" {
		return nil, excelError(cmdlet, "OpenFailed", path, fmt.Sprintf("Could not open Excel file '%s': %s.", path, reason))
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: maxUnpacked})
	if err != nil {
		reason := "it is not a valid XLSX workbook (" + err.Error() + ")"
		if errors.Is(err, excelize.ErrWorkbookFileFormat) {
			reason = "it is not a valid XLSX workbook"
		}
		if errors.Is(err, excelize.ErrWorkbookPassword) || strings.Contains(err.Error(), "password") {
			reason = "it is protected with a password"
		}
		return nil, excelError(cmdlet, "OpenFailed", path, fmt.Sprintf("Could not open Excel file '%s': %s.", path, reason))
	}
	return f, nil
}

// The bounds of a workbook licsh reads, unpacked: far above any list of
// users or report, and below what would exhaust memory. A part much larger
// than it is packed is refused too: real worksheets pack ten or twenty
// times, a crafted one a thousand.
const (
	maxUnpacked     = 1 << 30   // all parts together
	maxPart         = 256 << 20 // one part
	maxRatio        = 100       // unpacked size over packed size, for parts over ratioFrom
	ratioFrom       = 16 << 20
	encryptedOffice = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" // the container Excel saves protected workbooks in
)

// unpackedTooLarge says why a workbook would unpack to more than licsh
// reads, from its zip directory alone, or "" when it would not; it leaves
// telling a broken file to excelize.
func unpackedTooLarge(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, len(encryptedOffice))
	if n, _ := io.ReadFull(f, head); n == len(head) && string(head) == encryptedOffice {
		return "it is protected with a password"
	}
	info, err := f.Stat()
	if err != nil {
		return ""
	}
	z, err := zip.NewReader(f, info.Size())
	if err != nil {
		return ""
	}
	var total uint64
	for _, part := range z.File {
		total += part.UncompressedSize64
		switch {
		case part.UncompressedSize64 > maxPart:
			return fmt.Sprintf("its part %s unpacks to %d MB, more than the %d MB licsh reads", part.Name, part.UncompressedSize64>>20, maxPart>>20)
		case part.UncompressedSize64 > ratioFrom && part.UncompressedSize64 > maxRatio*max(part.CompressedSize64, 1):
			return fmt.Sprintf("its part %s unpacks to %d MB from %d KB, as no real workbook does", part.Name, part.UncompressedSize64>>20, part.CompressedSize64>>10)
		case total > maxUnpacked:
			return fmt.Sprintf("it unpacks to more than the %d MB licsh reads", maxUnpacked>>20)
		}
	}
	return ""
}

func importExcel(c cmdlet.Call) error {
	path := c.Path(c.String("Path"))
	f, err := OpenWorkbook(c.Cmdlet().Name, path)
	if err != nil {
		return err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	sheet := c.String("WorksheetName")
	if sheet == "" && len(sheets) > 0 {
		sheet = sheets[0]
	}
	if idx, err := f.GetSheetIndex(sheet); err != nil || idx < 0 {
		return excelError(c.Cmdlet().Name, "WorksheetNotFound", path, fmt.Sprintf(
			"Worksheet '%s' not found, the workbook only contains the worksheets '%s'. If you only wish to select the first worksheet, please remove the '-WorksheetName' parameter.",
			sheet, strings.Join(sheets, " ")))
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return excelError(c.Cmdlet().Name, "ReadFailed", path, fmt.Sprintf("Could not read worksheet '%s' of '%s': %v.", sheet, path, err))
	}
	defer rows.Close()
	return readExcelRows(c, rows, path, sheet)
}

// readExcelRows streams the rows of a sheet out as objects.
func readExcelRows(c cmdlet.Call, rows *excelize.Rows, path, sheet string) error {
	start := max(c.Int("StartRow"), 1)
	var header []string
	switch {
	case c.Bound("HeaderName"):
		header = c.Strings("HeaderName")
	case c.Switch("NoHeader"):
		header = []string{}
	}
	fixed := header != nil
	for n := 1; rows.Next(); n++ {
		if err := c.Context().Err(); err != nil {
			return err
		}
		cells, err := rows.Columns()
		if err != nil {
			return excelError(c.Cmdlet().Name, "ReadFailed", path, fmt.Sprintf("Could not read row %d of worksheet '%s' of '%s': %v.", n, sheet, path, err))
		}
		if n < start {
			continue
		}
		if header == nil {
			if header, err = excelHeader(cells, n); err != nil {
				return excelError(c.Cmdlet().Name, "DuplicateHeader", path, err.Error()+fmt.Sprintf(" (worksheet '%s' of '%s')", sheet, path))
			}
			continue
		}
		if blankRow(cells) {
			continue
		}
		o := core.NewPSObject()
		for i, name := range header {
			if name != "" {
				o.Set(name, cellAt(cells, i))
			}
		}
		if fixed && c.Switch("NoHeader") {
			for i := range cells {
				o.Set(fmt.Sprintf("P%d", i+1), cells[i])
			}
		}
		if err := c.Write(o); err != nil {
			return err
		}
	}
	return rows.Error()
}

// excelHeader reads the header row; blank header cells leave their column
// out, as Import-Excel does, and a name used twice is an error.
func excelHeader(cells []string, row int) ([]string, error) {
	seen := map[string]bool{}
	header := make([]string, len(cells))
	for i, h := range cells {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if seen[strings.ToLower(h)] {
			return nil, fmt.Errorf("Duplicate column headers found on row '%d' in column '%s'", row, h)
		}
		seen[strings.ToLower(h)] = true
		header[i] = h
	}
	return header, nil
}

func cellAt(cells []string, i int) any {
	if i < len(cells) {
		return cells[i]
	}
	return nil
}

func blankRow(cells []string) bool {
	for _, s := range cells {
		if s != "" {
			return false
		}
	}
	return true
}

func exportExcel(c cmdlet.Call) error {
	items, _ := c.State().([]any)
	path := c.Path(c.String("Path"))
	sheet := c.String("WorksheetName")
	if sheet == "" {
		sheet = "Sheet1"
	}
	var header []string
	var rows [][]any
	f := excelize.NewFile()
	if c.Switch("Append") {
		if _, err := os.Stat(path); err == nil {
			old, err := OpenWorkbook(c.Cmdlet().Name, path)
			if err != nil {
				return err
			}
			defer old.Close()
			f = old
			if idx, _ := f.GetSheetIndex(sheet); idx >= 0 {
				existing, err := f.GetRows(sheet)
				if err != nil {
					return excelError(c.Cmdlet().Name, "ReadFailed", path, fmt.Sprintf("Could not read worksheet '%s' of '%s': %v.", sheet, path, err))
				}
				if len(existing) > 0 {
					header = existing[0]
					for _, r := range existing[1:] {
						row := make([]any, len(r))
						for i, s := range r {
							row[i] = s
						}
						rows = append(rows, row)
					}
				}
			}
		}
	}
	if header == nil && len(items) > 0 {
		header = core.PropertyNames(items[0])
	}
	for _, it := range items {
		row := make([]any, len(header))
		for i, name := range header {
			v, _ := core.Property(it, name)
			row[i] = excelValue(v)
		}
		rows = append(rows, row)
	}
	return writeWorkbook(c, f, path, sheet, header, rows)
}

// excelValue is a cell value: numbers, booleans and dates as themselves,
// anything else as its text.
func excelValue(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case int, int64, float64, bool, string:
		return x
	case time.Time:
		return x
	}
	return value.ToString(v)
}

func writeWorkbook(c cmdlet.Call, f *excelize.File, path, sheet string, header []string, rows [][]any) error {
	defer f.Close()
	fail := func(err error) error {
		return core.IOError(c.Cmdlet().Name, path, fmt.Errorf("could not write worksheet '%s' of '%s': %w", sheet, path, err))
	}
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		if _, err := f.NewSheet(sheet); err != nil {
			return fail(err)
		}
		if idx, _ := f.GetSheetIndex("Sheet1"); idx >= 0 && sheet != "Sheet1" && len(f.GetSheetList()) == 2 && !c.Switch("Append") {
			if err := f.DeleteSheet("Sheet1"); err != nil {
				return fail(err)
			}
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fail(err)
	}
	if c.Switch("AutoSize") {
		for i, w := range columnWidths(header, rows) {
			if err := sw.SetColWidth(i+1, i+1, float64(w)+2); err != nil {
				return fail(err)
			}
		}
	}
	all := append([][]any{stringsToAny(header)}, rows...)
	for i, row := range all {
		if len(header) == 0 {
			break
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			return fail(err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fail(err)
	}
	if err := f.SaveAs(path); err != nil {
		return fail(err)
	}
	return nil
}

func stringsToAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// columnWidths is the widest text of each column, header included.
func columnWidths(header []string, rows [][]any) []int {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = len([]rune(h))
	}
	for _, r := range rows {
		for i := 0; i < len(r) && i < len(widths); i++ {
			widths[i] = max(widths[i], len([]rune(value.ToString(r[i]))))
		}
	}
	return widths
}
