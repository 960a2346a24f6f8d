package batch

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"licsh/builtins/licshtest/workbook"
)

func utf16File(s string, order binary.AppendByteOrder, bom []byte) []byte {
	out := append([]byte{}, bom...)
	for _, u := range utf16.Encode([]rune(s)) {
		out = order.AppendUint16(out, u)
	}
	return out
}

// readList reads a whole list as "row:identity|licenses" lines.
func readList(t *testing.T, path, sheet, column string) ([]string, []string, error) {
	t.Helper()
	l, err := openUserList(path, sheet, column)
	if err != nil {
		return nil, nil, err
	}
	defer l.Close()
	var rows []string
	for {
		rec, n, err := l.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		lic, _ := l.Licenses(rec)
		rows = append(rows, strings.Join([]string{strconv.Itoa(n), l.Identity(rec), lic}, "|"))
	}
	return l.Columns, rows, nil
}

const exportCurrent = "Block credential,City,Country/Region,Department,DirSyncEnabled,Display name,Fax,First name,Last dirsync time,Last name,Last password change time,License reassignment error,Licenses,Mobile Phone,Object Id,Office,Password never expires,Phone number,Postal code,Preferred data location,Preferred language,Proxy addresses,State,Street address,Strong password required,Title,Usage location,User principal name,When created\n" +
	"False,,,Sales,,Ann Lee,,Ann,,Lee,,,Microsoft 365 E5+Enterprise Mobility + Security E5,,6e7b768e-07e2-4810-8459-485f84f8f204,,False,,,,,,,,True,,US,ann@contoso.com,2024-01-01\n" +
	"False,,,Sales,,Bob Ray,,Bob,,Ray,,,Unlicensed,,0d3ddd4b-3f0c-4f0e-9f3e-3a0b9f4e0c11,,False,,,,,,,,True,,US,bob@contoso.com,2024-01-01\n"

func TestUserListFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file    string
		data          []byte
		sheet, column string
		columns       []string
		rows          []string
	}{
		{"comma CSV", "a.csv", []byte("UserPrincipalName,Dept\nann@contoso.com,Sales\nbob@contoso.com,IT\n"), "", "",
			[]string{"UserPrincipalName", "Dept"}, []string{"2|ann@contoso.com|", "3|bob@contoso.com|"}},
		{"semicolon CSV with BOM and CRLF", "b.csv", []byte("\xEF\xBB\xBFName;UPN\r\nAnn;ann@contoso.com\r\nBob;\"bob@contoso.com\"\r\n"), "", "",
			[]string{"Name", "UPN"}, []string{"2|ann@contoso.com|", "3|bob@contoso.com|"}},
		{"UTF-16 LE", "c.csv", utf16File("Email,Sku\r\nann@contoso.com,SPE_E5\r\n", binary.LittleEndian, []byte{0xFF, 0xFE}), "", "",
			[]string{"Email", "Sku"}, []string{"2|ann@contoso.com|SPE_E5"}},
		{"UTF-16 BE", "d.csv", utf16File("Id\n6e7b768e-07e2-4810-8459-485f84f8f204\n", binary.BigEndian, []byte{0xFE, 0xFF}), "", "",
			[]string{"Id"}, []string{"2|6e7b768e-07e2-4810-8459-485f84f8f204|"}},
		{"header case and spaces ignored", "e.csv", []byte("user  PRINCIPAL name,RemoveLicenses\n ann@contoso.com ,SPE_E5+SPE_E3\n"), "", "",
			[]string{"user  PRINCIPAL name", "RemoveLicenses"}, []string{"2|ann@contoso.com|SPE_E5+SPE_E3"}},
		{"preferred column wins over Id", "f.csv", []byte("Id,UPN\n1,ann@contoso.com\n"), "", "",
			[]string{"Id", "UPN"}, []string{"2|ann@contoso.com|"}},
		{"-Column", "g.csv", []byte("Who,UPN\nann@contoso.com,x\n"), "", "who",
			[]string{"Who", "UPN"}, []string{"2|ann@contoso.com|"}},
		{"short rows, blank rows, quoted newline", "h.csv", []byte("UPN,Note\nann@contoso.com\n,\n\"bob@contoso.com\",\"two\nlines\"\n"), "", "",
			[]string{"UPN", "Note"}, []string{"2|ann@contoso.com|", "3||", "4|bob@contoso.com|"}},
		{"blank lines count in a row's number, as in a text list", "m.csv", []byte("UPN,Dept\nann@contoso.com,Sales\n\n\nbob@contoso.com,IT\n"), "", "",
			[]string{"UPN", "Dept"}, []string{"2|ann@contoso.com|", "5|bob@contoso.com|"}},
		{"text list", "i.txt", []byte("ann@contoso.com\n\n  bob@contoso.com  \r\n\"cat@contoso.com\"\n"), "", "",
			[]string{"UserPrincipalName"}, []string{"1|ann@contoso.com|", "2||", "3|bob@contoso.com|", "4|cat@contoso.com|"}},
		{"text list with a header", "j.txt", []byte("UPN\nann@contoso.com\n"), "", "",
			[]string{"UPN"}, []string{"2|ann@contoso.com|"}},
		{"single-column CSV", "k.csv", []byte("\xEF\xBB\xBFUserPrincipalName\r\nann@contoso.com\r\n"), "", "",
			[]string{"UserPrincipalName"}, []string{"2|ann@contoso.com|"}},
		{"admin center export", "l.csv", []byte(exportCurrent), "", "",
			strings.Split(strings.SplitN(exportCurrent, "\n", 2)[0], ","),
			[]string{"2|ann@contoso.com|Microsoft 365 E5+Enterprise Mobility + Security E5", "3|bob@contoso.com|Unlicensed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			cols, rows, err := readList(t, path, tt.sheet, tt.column)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cols, tt.columns) || !reflect.DeepEqual(rows, tt.rows) {
				t.Fatalf("columns %q rows %q\nwant %q %q", cols, rows, tt.columns, tt.rows)
			}
		})
	}
}

func TestUserListXLSX(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	book := filepath.Join(dir, "list.xlsx")
	workbook.Write(t, book, map[string][][]any{
		"March": {{"UPN", "Sku"}, {"ann@contoso.com", "SPE_E5"}, {45123, ""}, {"bob@contoso.com", nil}},
		"April": {{}, {"Name", "Email"}, {"Cat", "cat@contoso.com"}},
	}, "March", "April")
	tests := []struct {
		sheet   string
		columns []string
		rows    []string
	}{
		{"", []string{"UPN", "Sku"}, []string{"2|ann@contoso.com|SPE_E5", "3|45123|", "4|bob@contoso.com|"}},
		{"april", []string{"Name", "Email"}, []string{"3|cat@contoso.com|"}},
	}
	for _, tt := range tests {
		cols, rows, err := readList(t, book, tt.sheet, "")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cols, tt.columns) || !reflect.DeepEqual(rows, tt.rows) {
			t.Fatalf("sheet %q: columns %q rows %q\nwant %q %q", tt.sheet, cols, rows, tt.columns, tt.rows)
		}
	}
}

func TestUserListBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	book := filepath.Join(dir, "two.xlsx")
	workbook.Write(t, book, map[string][][]any{"A": {{"UPN"}}, "B": {{"UPN"}}}, "A", "B")
	dupBook := filepath.Join(dir, "dup.xlsx")
	workbook.Write(t, dupBook, map[string][][]any{"S": {{"UPN", "", "Dept", "", "dept"}, {"ann@contoso.com", "", "Sales", "", "IT"}}}, "S")
	tests := []struct {
		path, sheet, column, want string
	}{
		{filepath.Join(dir, "missing.csv"), "", "", "Could not find file '" + dir + "/missing.csv'."},
		{write("empty.csv", nil), "", "", "The file '" + dir + "/empty.csv' is empty."},
		{write("nouser.csv", []byte("Name,Dept\nAnn,Sales\n")), "", "",
			"The file '" + dir + "/nouser.csv' has no column of users. Name it UserPrincipalName, User principal name, User Name, UPN, Email, Object Id, Id, or give its name with -Column. Its columns are: Name, Dept."},
		{write("col.csv", []byte("UPN\nann@contoso.com\n")), "", "Mail", "The file '" + dir + "/col.csv' has no column 'Mail'. Its columns are: UPN."},
		{book, "C", "", "The workbook '" + dir + "/two.xlsx' has no worksheet 'C'. Its worksheets are: A, B."},
		{write("corrupt.xlsx", []byte("PK\x03\x04 not really a zip")), "", "", "Could not open Excel file '" + dir + "/corrupt.xlsx': it is not a valid XLSX workbook (zip: not a valid zip file)."},
		{write("sheet.csv", []byte("UPN\n")), "A", "", "-Sheet applies to XLSX workbooks only; '" + dir + "/sheet.csv' is not one."},
		// Import-Csv refuses a column named twice (issue 12), case aside;
		// blank names are no names.
		{write("dup.csv", []byte("UserPrincipalName,Dept,,,Title,userprincipalname\nann@contoso.com,Sales,,,Lead,bob@contoso.com\n")), "", "",
			"Cannot read the header of '" + dir + "/dup.csv': The member \"userprincipalname\" is already present. Columns 1 and 6 have that name; rename one of them."},
		{write("dupsemi.csv", []byte("UPN;Sku; Sku \nann@contoso.com;SPE_E5;SPE_E3\n")), "", "",
			"Cannot read the header of '" + dir + "/dupsemi.csv': The member \"Sku\" is already present. Columns 2 and 3 have that name; rename one of them."},
		{dupBook, "", "", "Cannot read the header of '" + dir + "/dup.xlsx': The member \"dept\" is already present. Columns C and E have that name; rename one of them."},
	}
	for _, tt := range tests {
		_, err := openUserList(tt.path, tt.sheet, tt.column)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error %v\nwant %s", filepath.Base(tt.path), err, tt.want)
		}
	}
}

func TestIdentityProblem(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"ann@contoso.com", ""},
		{"o'brien@contoso.com", ""},
		{"6e7b768e-07e2-4810-8459-485f84f8f204", ""},
		{"{6E7B768E-07E2-4810-8459-485F84F8F204}", ""},
		{"", ""},
		{"john smith@contoso.com", "'john smith@contoso.com' is not a user principal name or object id."},
		{"45123", "'45123' is not a user principal name or object id."},
		{"=A1&\"@contoso.com\"", "'=A1&\"@contoso.com\"' is not a user principal name or object id."},
		{"x'; DROP TABLE users;--", "'x'; DROP TABLE users;--' is not a user principal name or object id."},
		{"a@b@c", "'a@b@c' is not a user principal name or object id."},
		{"@contoso.com", "'@contoso.com' is not a user principal name or object id."},
		{"zoë.ångström@contoso.com", ""},
	}
	for _, c := range "\x00\t\x1f \x7f\"(),:;<>[\\]" {
		in := "a" + string(c) + "b@contoso.com"
		if got, want := identityProblem(in), fmt.Sprintf("'%s' is not a user principal name or object id.", in); got != want {
			t.Errorf("identityProblem(%q) = %q", in, got)
		}
	}
	for _, tt := range tests {
		if got := identityProblem(tt.in); got != tt.want {
			t.Errorf("identityProblem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitLicenses(t *testing.T) {
	t.Parallel()
	known := func(s string) bool {
		switch strings.ToLower(s) {
		case "microsoft 365 e5", "enterprise mobility + security e5", "power bi pro", "spe_e5":
			return true
		}
		return false
	}
	tests := []struct {
		in   string
		want []string
	}{
		{"Microsoft 365 E5", []string{"Microsoft 365 E5"}},
		{"Microsoft 365 E5+Power BI Pro", []string{"Microsoft 365 E5", "Power BI Pro"}},
		{"Enterprise Mobility + Security E5+Power BI Pro", []string{"Enterprise Mobility + Security E5", "Power BI Pro"}},
		{"Power BI Pro+Enterprise Mobility + Security E5", []string{"Power BI Pro", "Enterprise Mobility + Security E5"}},
		{"Unlicensed", nil},
		{"SPE_E5; POWER_BI_PRO", []string{"SPE_E5", "POWER_BI_PRO"}},
		{"Unknown Thing+Power BI Pro", []string{"Unknown Thing", "Power BI Pro"}},
		{"+", nil},
	}
	for _, tt := range tests {
		if got := splitLicenses(tt.in, known); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitLicenses(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// readBounded reads every row of the list at path as a batch does, and
// fails when that allocates out of proportion to the file's size: the
// readers' buffers and limits (a field of 1 MB, a line of 64 KB) and a
// constant, not the whole of a hostile file.
func readBounded(t *testing.T, path string, size int, row func(l *userList, rec []string)) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	l, err := openUserList(path, "", "")
	if err == nil {
		for {
			rec, _, err := l.Next()
			if err != nil {
				break
			}
			row(l, rec)
		}
		l.Close()
	}
	runtime.ReadMemStats(&after)
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(64*size+64<<20); got > limit {
		t.Fatalf("reading %d bytes allocated %d", size, got)
	}
}

// batchRow does with a row what a batch does.
func batchRow(l *userList, rec []string) {
	identityProblem(l.Identity(rec))
	if cell, ok := l.Licenses(rec); ok {
		splitLicenses(cell, func(string) bool { return false })
	}
}

// fuzzList writes data to a file named name and reads it as a list.
func fuzzList(f *testing.F, name string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		readBounded(t, path, len(data), batchRow)
	})
}

// FuzzCSVList reads any bytes as a CSV list: rows or an error, never a
// panic, in memory bounded by the file's size.
func FuzzCSVList(f *testing.F) {
	fuzzList(f, "list.csv", "UPN,Sku\nann@contoso.com,SPE_E5\n", "\xFF\xFEU\x00P\x00N\x00\n\x00",
		"\"unterminated\nann@contoso.com", "a;b\r\n\"x\"\"y\";z\n\n\n")
}

// FuzzTextList reads any bytes as a text list of one user per line.
func FuzzTextList(f *testing.F) {
	fuzzList(f, "list.txt", "ann@contoso.com\nbob@contoso.com\n", "UPN\n\"ann@contoso.com\"\r\n", "\x00\x01\n\n")
}

// FuzzXLSXList reads any bytes as a workbook list; FuzzWorkbookSheet
// fuzzes the worksheet inside a well-formed workbook.
func FuzzXLSXList(f *testing.F) {
	fuzzList(f, "list.xlsx", "PK\x03\x04", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
}

// FuzzExportList reads the admin center's export with any rows after its
// header, as Import-User does.
func FuzzExportList(f *testing.F) {
	header := strings.SplitN(exportCurrent, "\n", 2)[0] + "\n"
	for _, s := range []string{strings.SplitN(exportCurrent, "\n", 2)[1], ",,,,,\n", "\"a\nb\",x"} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, rows []byte) {
		path := filepath.Join(dir, "export.csv")
		data := append([]byte(header), rows...)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		readBounded(t, path, len(data), func(l *userList, rec []string) {
			batchRow(l, rec)
			looksLikeGUID(l.Identity(rec))
			blankRecord(rec)
			if i := columnIndex(l.Columns, exportColumns.licenses); i >= 0 {
				splitLicenses(rec[i], func(string) bool { return true })
			}
		})
	})
}

// TestUserListBounds checks the limits no real list reaches: a field whose
// quote never closes, a row count, an Excel cell longer than Excel allows.
// Each is an error naming the file and the row, found before memory grows.
func TestUserListBounds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	open := strings.Repeat("x", 2<<20)
	csvPath := filepath.Join(dir, "open.csv")
	if err := os.WriteFile(csvPath, []byte("UserPrincipalName,Note\nann@contoso.com,ok\nbob@contoso.com,\""+open+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := openUserList(csvPath, "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, _, err := l.Next(); err != nil {
		t.Fatal(err)
	}
	_, _, err = l.Next()
	if want := "Cannot read '" + csvPath + "' after row 2: a field of the record that starts on line 3 is longer than 1 MB; a quote may be missing its closing quote"; err == nil || err.Error() != want {
		t.Errorf("an unclosed quote: %v\nwant %s", err, want)
	}

	rowsPath := filepath.Join(dir, "rows.txt")
	if err := os.WriteFile(rowsPath, []byte("UserPrincipalName\na@contoso.com\nb@contoso.com\nc@contoso.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err = openUserList(rowsPath, "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.maxRows = 3
	var last error
	n := 0
	for ; last == nil; n++ {
		_, _, last = l.Next()
	}
	if want := "'" + rowsPath + "' has more than 3 rows; no list of users is that long. Split it into several batches."; n != 3 || last.Error() != want {
		t.Errorf("after %d reads: %v\nwant %s", n, last, want)
	}

	// excelize writes no cell past Excel's limit, so the long one is put
	// into the shared strings afterwards, as another program could.
	book := filepath.Join(dir, "cell.xlsx")
	workbook.Write(t, book, map[string][][]any{"Sheet1": {{"UPN"}, {"ann@contoso.com"}, {"LONGCELL"}}}, "Sheet1")
	replaceInZip(t, book, "xl/sharedStrings.xml", "LONGCELL", strings.Repeat("y", 40000))
	l, err = openUserList(book, "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, _, err := l.Next(); err != nil {
		t.Fatal(err)
	}
	_, _, err = l.Next()
	if want := "Cannot read '" + book + "' after row 2: a cell of row 3 holds more than 32767 characters, which Excel does not allow"; err == nil || err.Error() != want {
		t.Errorf("a long cell: %v\nwant %s", err, want)
	}
}

// replaceInZip rewrites one part of a zip file with old replaced by new.
func replaceInZip(t *testing.T, path, part, old, new string) {
	t.Helper()
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := zip.NewWriter(&out)
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			if !bytes.Contains(data, []byte(old)) {
				t.Fatalf("%s has no %q", part, old)
			}
			data = bytes.ReplaceAll(data, []byte(old), []byte(new))
		}
		fw, err := w.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	r.Close()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestUserListReadsAhead: the rows read ahead come in order with their
// numbers, a broken row's error after the rows before it, and a list closed
// half way stops its reading (ahead's tests show that Stop waits for it).
func TestUserListReadsAhead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("UPN,Sku\n")
	const rows = 3 * aheadRows * aheadGroups
	for i := range rows {
		fmt.Fprintf(&b, "u%d@contoso.com,SPE_E3\n", i)
	}
	whole := filepath.Join(dir, "whole.csv")
	broken := filepath.Join(dir, "broken.csv")
	if err := os.WriteFile(whole, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte(b.String()+"\"u@contoso.com,SPE_E3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{whole, broken} {
		l, err := openUserList(path, "", "")
		if err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			rec, n, err := l.Next()
			if err != nil || n != i+2 || rec[0] != fmt.Sprintf("u%d@contoso.com", i) {
				t.Fatalf("%s: row %d: %q %d %v", path, i+2, rec, n, err)
			}
		}
		_, _, err = l.Next()
		if path == whole && err != io.EOF || path == broken && (err == nil || err == io.EOF) {
			t.Errorf("%s: after the rows: %v", path, err)
		}
		if _, _, err := l.Next(); err != io.EOF {
			t.Errorf("%s: after the end: %v", path, err)
		}
		l.Close()
	}
	l, err := openUserList(whole, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Next(); err != nil {
		t.Fatal(err)
	}
	a := l.ahead
	l.Close()
	if _, ok := a.rows.Next(); ok {
		t.Fatal("the list was closed and its rows still came")
	}
	if _, _, err := l.Next(); err != io.EOF {
		t.Errorf("a closed list gave %v", err)
	}
}
