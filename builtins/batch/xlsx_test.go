package batch

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// bookReader is a workbook read with one reader or the other: the sheets'
// names and each sheet's rows.
type bookReader func(path string) ([]string, [][][]string, error)

// readFast reads a workbook with xlsxBook.
func readFast(path string) ([]string, [][][]string, error) {
	wb, err := openWorkbook(path)
	if err != nil {
		return nil, nil, err
	}
	defer wb.Close()
	var sheets [][][]string
	for i := range wb.Sheets() {
		rows, err := wb.Rows(i)
		if err != nil {
			return nil, nil, err
		}
		var all [][]string
		for {
			cells, err := rows.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				rows.Close()
				return nil, nil, err
			}
			all = append(all, cells)
		}
		rows.Close()
		sheets = append(sheets, all)
	}
	return wb.Sheets(), sheets, nil
}

// readExcelize reads a workbook as licsh read lists before xlsxBook: with
// excelize's row iterator and raw cell values.
func readExcelize(path string) ([]string, [][][]string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var sheets [][][]string
	for _, name := range f.GetSheetList() {
		rows, err := f.Rows(name)
		if err != nil {
			return nil, nil, err
		}
		var all [][]string
		for rows.Next() {
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				return nil, nil, err
			}
			all = append(all, cells)
		}
		if err := rows.Error(); err != nil {
			return nil, nil, err
		}
		rows.Close()
		sheets = append(sheets, all)
	}
	return f.GetSheetList(), sheets, nil
}

// normal makes empty rows nil, as both readers mean the same by them.
func normal(sheets [][][]string) [][][]string {
	for _, rows := range sheets {
		for i, r := range rows {
			if len(r) == 0 {
				rows[i] = nil
			}
		}
	}
	return sheets
}

// TestWorkbookMatchesExcelize reads workbooks of every kind of cell a list
// has, written by excelize or by hand as other programs write them, with
// xlsxBook and with excelize, and wants the same sheets and cells.
func TestWorkbookMatchesExcelize(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	books := map[string]string{}
	// Written by excelize: shared strings, numbers, dates, booleans,
	// formulas, rich text, entities, control characters, gaps, blank
	// cells inside a row and at its end, columns past Z.
	f := excelize.NewFile()
	set := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("Sheet1", "A1", "UserPrincipalName")
	set("Sheet1", "B1", "Licenses")
	set("Sheet1", "A2", "ann@contoso.com")
	set("Sheet1", "B2", "SPE_E5 & <Visio>")
	set("Sheet1", "A3", 45123)
	set("Sheet1", "B3", 1.5)
	set("Sheet1", "A5", time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC))
	set("Sheet1", "C5", true)
	set("Sheet1", "A6", "tab\tbell\x07 _x0041_ text")
	set("Sheet1", "AB6", "far")
	set("Sheet1", "A7", "ann@contoso.com")
	if err := f.SetCellFormula("Sheet1", "B7", "=1+1"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellRichText("Sheet1", "A8", []excelize.RichTextRun{{Text: "bob@"}, {Text: "contoso.com", Font: &excelize.Font{Bold: true}}}); err != nil {
		t.Fatal(err)
	}
	set("Sheet1", "D9", "")
	if _, err := f.NewSheet("Second"); err != nil {
		t.Fatal(err)
	}
	set("Second", "B3", "Email")
	set("Second", "B4", "cat@contoso.com")
	excelizeBook := filepath.Join(dir, "excelize.xlsx")
	if err := f.SaveAs(excelizeBook); err != nil {
		t.Fatal(err)
	}
	books["excelize"] = excelizeBook
	// Written by excelize's stream writer, which writes inline strings.
	s := excelize.NewFile()
	sw, err := s.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range [][]any{{"UPN", "Note"}, {"ann@contoso.com", 7}, {nil, "x"}, {"dan@contoso.com"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	stream := filepath.Join(dir, "stream.xlsx")
	if err := s.SaveAs(stream); err != nil {
		t.Fatal(err)
	}
	books["stream"] = stream
	// Written by hand, as other programs write workbooks: namespace
	// prefixes, rows and cells without references, inline rich text,
	// phonetic guides, CDATA, comments, character references.
	books["hand"] = handBook(t, dir, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<!-- a comment, with <row> in it -->
<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c></x:row>
<x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:r><x:t>ri</x:t></x:r><x:r><x:t xml:space="preserve">ch </x:t></x:r></x:is></x:c></x:row>
<x:row r="4" spans="1:2"><x:c r="A4" t="s"><x:v> 2 </x:v></x:c><x:c r="B4" t="str"><x:f>A4</x:f><x:v>&#x41;&#66;&amp;</x:v></x:c></x:row>
<x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:t><![CDATA[<cdata> & text]]></x:t></x:is></x:c><x:c r="C5" t="b"><x:v>1</x:v></x:c><x:c r="D5" t="e"><x:v>#N/A</x:v></x:c></x:row>
<x:row r="7"/>
<x:row r="8"><x:c r="A8" s="3"><x:v>45123.5</x:v></x:c><x:c r="B8" t="d"><x:v>2025-03-01T00:00:00Z</x:v></x:c></x:row>
</x:sheetData></x:worksheet>`, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>UPN</t></si><si><t>Licenses</t><rPh sb="0" eb="1"><t>ライセンス</t></rPh></si><si><r><t>eve</t></r><r><t>@contoso.com</t></r></si></sst>`)
	for name, path := range books {
		wantNames, want, err := readExcelize(path)
		if err != nil {
			t.Fatalf("%s: excelize: %v", name, err)
		}
		gotNames, got, err := readFast(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(gotNames, wantNames) || !reflect.DeepEqual(normal(got), normal(want)) {
			t.Errorf("%s: sheets %q\n%q\nexcelize reads %q\n%q", name, gotNames, got, wantNames, want)
		}
	}
}

// handBook writes a workbook of one worksheet and its shared strings as
// given, with the parts every workbook has.
func handBook(t *testing.T, dir, sheet, sst string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "hand.xlsx")
	parts := []struct{ name, text string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Users &amp; licenses" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", sheet},
		{"xl/sharedStrings.xml", sst},
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(out)
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, p.text); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWorkbookBadSheets reads worksheets no program writes: each is an
// error that says what is wrong, never a panic or a wrong row.
func TestWorkbookBadSheets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i, tc := range []struct{ sheet, want string }{
		{`<worksheet><sheetData><row r="x"/></sheetData></worksheet>`, `row number "x" is not a number`},
		{`<worksheet><sheetData><row r="3"/><row r="2"/></sheetData></worksheet>`, "row 2 comes after row 3"},
		{`<worksheet><sheetData><row r="2000000"/></sheetData></worksheet>`, "row 2000000 is beyond the last row a worksheet can have (1048576)"},
		{`<worksheet><sheetData><row><c r="1"><v>1</v></c></row></sheetData></worksheet>`, `cell reference "1" names no column`},
		{`<worksheet><sheetData><row><c r="ZZZZ1"><v>1</v></c></row></sheetData></worksheet>`, `cell "ZZZZ1" is beyond the last column a worksheet can have`},
		{`<worksheet><sheetData><row><c t="s"><v>9</v></c></row></sheetData></worksheet>`, "cell 1 of row 1 names shared string 9, which the workbook does not have"},
		{`<worksheet><sheetData><row><c><v>&bogus;</v></c></row></sheetData></worksheet>`, "the entity &bogus; is not one XML knows"},
		{`<worksheet><sheetData><row><c><v>1</v></c>`, "the worksheet ends inside a row"},
		{`<worksheet><sheetData><row><c`, "the XML ends inside a tag"},
	} {
		path := handBook(t, filepath.Join(dir, fmt.Sprint(i)+"x"), tc.sheet, `<sst><si><t>a</t></si></sst>`)
		_, _, err := readFast(path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.sheet, err, tc.want)
		}
	}
}

// FuzzWorkbookSheet reads any bytes as a worksheet: an error or rows,
// never a panic, and no row longer than the bytes could hold.
func FuzzWorkbookSheet(f *testing.F) {
	f.Add(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`)
	f.Add(`<x:row r="2"><x:c r="C2"><x:v>&#x41;</x:v></x:c></x:row><!-- c --><![CDATA[z]]>`)
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, sheet string) {
		n++
		path := handBook(t, filepath.Join(dir, fmt.Sprint(n)), sheet, `<sst><si><t>a</t></si><si><r><t>b</t></r></si></sst>`)
		_, sheets, _ := readFast(path)
		for _, rows := range sheets {
			for _, r := range rows {
				if len(r) > len(sheet)+16384 {
					t.Fatalf("a row of %d cells from %d bytes", len(r), len(sheet))
				}
			}
		}
	})
}
