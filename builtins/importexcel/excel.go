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
			Description: "Export-Excel writes its input objects to a worksheet of an XLSX file, one row per object under a header row of property names. The other worksheets of an existing workbook stay; the worksheet named is written over from the top, or emptied first with -ClearSheet, or added to with -Append. Numbers, booleans and dates keep their type. -TableName and -TableStyle make the rows an Excel table; -Title puts a title above the header.",
			Params: []*cmdlet.Param{
				{Name: "Path", Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompletePath, Help: "The XLSX file to write."},
				{Name: "InputObject", Aliases: []string{"TargetData"}, Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to write."},
				{Name: "WorksheetName", Type: cmdlet.String, Help: "The worksheet to write; Sheet1 by default."},
				{Name: "AutoSize", Type: cmdlet.Switch, Help: "Sizes each column to fit its widest value."},
				{Name: "Append", Type: cmdlet.Switch, Help: "Adds the rows below those already in the worksheet."},
				{Name: "ClearSheet", Type: cmdlet.Switch, Help: "Empties the worksheet before writing; without it rows of an earlier, longer export stay below the new ones, as in ImportExcel."},
				{Name: "TableName", Type: cmdlet.String, Help: "Makes the rows an Excel table of this name."},
				{Name: "TableStyle", Type: cmdlet.String, ValidateSet: tableStyles(), Help: "The table's style, such as Medium2; makes a table named Table1 when -TableName is not given."},
				{Name: "AutoFilter", Type: cmdlet.Switch, Help: "Puts filter buttons on the header row."},
				{Name: "BoldTopRow", Type: cmdlet.Switch, Help: "Makes the header row bold."},
				{Name: "FreezeTopRow", Type: cmdlet.Switch, Help: "Freezes the header row."},
				{Name: "FreezeFirstColumn", Type: cmdlet.Switch, Help: "Freezes the first column."},
				{Name: "FreezeTopRowFirstColumn", Type: cmdlet.Switch, Help: "Freezes the header row and the first column."},
				{Name: "Title", Type: cmdlet.String, Help: "A title on the first row, above the header; Import-Excel -StartRow 2 reads the rows back."},
				{Name: "TitleBold", Type: cmdlet.Switch, Help: "Makes the title bold."},
				{Name: "TitleSize", Type: cmdlet.Int, Help: "The title's font size; 22 by default."},
				{Name: "Show", Type: cmdlet.Switch, Help: "Accepted: there is no Excel to open the workbook in; the file is written."},
				{Name: "KillExcel", Type: cmdlet.Switch, Help: "Accepted: there is no Excel process to stop."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-UserLicense | Export-Excel ./licenses.xlsx -WorksheetName Licenses -AutoSize", Remarks: "Writes the license assignments to a worksheet."},
				{Code: "Get-License | Export-Excel ./licenses.xlsx -WorksheetName Summary -TableName Summary -TableStyle Medium2 -BoldTopRow -FreezeTopRow -ClearSheet", Remarks: "A formatted table on its own sheet of the workbook, whose other sheets stay."},
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
	if err := CheckWorkbook(cmdlet, path); err != nil {
		return nil, err
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
		return nil, OpenFailed(cmdlet, path, reason)
	}
	return f, nil
}

// CheckWorkbook refuses, before anything reads it, a workbook that is
// missing, protected with a password or would unpack to more than licsh
// reads.
func CheckWorkbook(cmdlet, path string) error {
	if _, err := os.Stat(path); err != nil {
		rec := interp.NewError(core.CommandID("FileNotFound", cmdlet), "ObjectNotFound", path, fmt.Sprintf("'%s' file not found", path))
		rec.Exception.Type = "System.IO.FileNotFoundException"
		return rec
	}
	if reason := unpackedTooLarge(path); reason != "" {
		return OpenFailed(cmdlet, path, reason)
	}
	return nil
}

// OpenFailed is the error of a workbook that cannot be read, for reason.
func OpenFailed(cmdlet, path, reason string) error {
	return excelError(cmdlet, "OpenFailed", path, fmt.Sprintf("Could not open Excel file '%s': %s.", path, reason))
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

// tableStyles are the Excel table styles ImportExcel's -TableStyle takes.
func tableStyles() []string {
	styles := []string{"None"}
	for _, k := range []struct {
		name string
		n    int
	}{{"Light", 21}, {"Medium", 28}, {"Dark", 11}} {
		for i := 1; i <= k.n; i++ {
			styles = append(styles, fmt.Sprintf("%s%d", k.name, i))
		}
	}
	return styles
}

func exportExcel(c cmdlet.Call) error {
	items, _ := c.State().([]any)
	path := c.Path(c.String("Path"))
	sheet := c.String("WorksheetName")
	if sheet == "" {
		sheet = "Sheet1"
	}
	f := excelize.NewFile()
	created := true
	if _, err := os.Stat(path); err == nil {
		old, err := OpenWorkbook(c.Cmdlet().Name, path)
		if err != nil {
			return err
		}
		f, created = old, false
	}
	defer f.Close()
	var header []string
	var rows, leftover [][]any
	if idx, _ := f.GetSheetIndex(sheet); idx >= 0 && !c.Switch("ClearSheet") {
		existing, err := f.GetRows(sheet)
		if err != nil {
			return excelError(c.Cmdlet().Name, "ReadFailed", path, fmt.Sprintf("Could not read worksheet '%s' of '%s': %v.", sheet, path, err))
		}
		switch {
		case c.Switch("Append") && len(existing) > 0:
			header = existing[0]
			rows = textRows(existing[1:])
		case !c.Switch("Append"):
			leftover = textRows(existing)
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
	return writeWorkbook(c, f, created, path, sheet, header, rows, leftover)
}

// textRows are rows read from a worksheet as cell values.
func textRows(rows [][]string) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = stringsToAny(r)
	}
	return out
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

// writeWorkbook writes the worksheet: an optional title, the header and
// the rows, then what remains of leftover (the rows it had) below them,
// with the table, filter, panes and styles asked for; the workbook's other
// worksheets stay. created says f is a new workbook, whose default Sheet1
// goes when the worksheet has another name.
func writeWorkbook(c cmdlet.Call, f *excelize.File, created bool, path, sheet string, header []string, rows, leftover [][]any) error {
	fail := func(err error) error {
		return core.IOError(c.Cmdlet().Name, path, fmt.Errorf("could not write worksheet '%s' of '%s': %w", sheet, path, err))
	}
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		if _, err := f.NewSheet(sheet); err != nil {
			return fail(err)
		}
		if created && sheet != "Sheet1" {
			if err := f.DeleteSheet("Sheet1"); err != nil {
				return fail(err)
			}
		}
	}
	// The tables of the rows written before go: the new rows make theirs.
	tables, err := f.GetTables(sheet)
	if err != nil {
		return fail(err)
	}
	for _, t := range tables {
		if err := f.DeleteTable(t.Name); err != nil {
			return fail(err)
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
	top := 1 // the header's row
	var all [][]any
	var opts []excelize.RowOpts
	if title := c.String("Title"); title != "" {
		size := 22.0
		if c.Bound("TitleSize") {
			size = float64(c.Int("TitleSize"))
		}
		style, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: c.Switch("TitleBold"), Size: size}})
		if err != nil {
			return fail(err)
		}
		all, opts, top = append(all, []any{title}), append(opts, excelize.RowOpts{StyleID: style}), 2
	}
	if len(header) > 0 {
		var headerOpts excelize.RowOpts
		if c.Switch("BoldTopRow") {
			bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
			if err != nil {
				return fail(err)
			}
			headerOpts.StyleID = bold
		}
		all, opts = append(all, stringsToAny(header)), append(opts, headerOpts)
		for _, r := range rows {
			all, opts = append(all, r), append(opts, excelize.RowOpts{})
		}
	}
	if len(leftover) > len(all) {
		for _, r := range leftover[len(all):] {
			all, opts = append(all, r), append(opts, excelize.RowOpts{})
		}
	}
	if err := setPanes(c, sw, top); err != nil {
		return fail(err)
	}
	for i, row := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row, opts[i]); err != nil {
			return fail(err)
		}
	}
	last := top + len(rows)
	var span string
	if len(header) > 0 {
		from, _ := excelize.CoordinatesToCellName(1, top)
		to, _ := excelize.CoordinatesToCellName(len(header), max(last, top+1))
		span = from + ":" + to
	}
	name, style := c.String("TableName"), c.String("TableStyle")
	table := span != "" && (name != "" || c.Bound("TableStyle"))
	if table {
		if name == "" {
			name = "Table1"
		}
		if style == "" {
			style = "Medium6" // ImportExcel's default
		}
		for _, other := range f.GetSheetList() {
			tables, err := f.GetTables(other)
			if err != nil {
				return fail(err)
			}
			for _, t := range tables {
				if strings.EqualFold(t.Name, name) {
					return excelError(c.Cmdlet().Name, "TableFailed", path, fmt.Sprintf("Could not make table '%s' of worksheet '%s' of '%s': worksheet '%s' has a table of that name.", name, sheet, path, other))
				}
			}
		}
		t := &excelize.Table{Range: span, Name: name}
		if style != "None" {
			t.StyleName = "TableStyle" + style
		}
		if err := sw.AddTable(t); err != nil {
			return excelError(c.Cmdlet().Name, "TableFailed", path, fmt.Sprintf("Could not make table '%s' of worksheet '%s' of '%s': %v.", name, sheet, path, err))
		}
	}
	if err := sw.Flush(); err != nil {
		return fail(err)
	}
	if c.Switch("AutoFilter") && !table && span != "" {
		if err := f.AutoFilter(sheet, span, nil); err != nil {
			return fail(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		return fail(err)
	}
	return nil
}

// setPanes freezes the rows above the data (the title and the header)
// and the first column, as -FreezeTopRow, -FreezeFirstColumn and
// -FreezeTopRowFirstColumn ask.
func setPanes(c cmdlet.Call, sw *excelize.StreamWriter, top int) error {
	rows, cols := 0, 0
	if c.Switch("FreezeTopRow") || c.Switch("FreezeTopRowFirstColumn") {
		rows = top
	}
	if c.Switch("FreezeFirstColumn") || c.Switch("FreezeTopRowFirstColumn") {
		cols = 1
	}
	if rows == 0 && cols == 0 {
		return nil
	}
	pane := map[bool]string{true: "bottomRight", false: "bottomLeft"}[cols > 0]
	if rows == 0 {
		pane = "topRight"
	}
	cell, _ := excelize.CoordinatesToCellName(cols+1, rows+1)
	return sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: cols, YSplit: rows, TopLeftCell: cell, ActivePane: pane})
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
