// Package workbook writes XLSX files for tests with excelize, the library
// licsh reads them with. It is apart from licshtest so that the tests of
// the packages licshtest registers can use it too.
package workbook

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// Write writes a workbook with excelize: sheets in order, each a list
// of rows.
func Write(t testing.TB, path string, sheets map[string][][]any, order ...string) {
	t.Helper()
	f := excelize.NewFile()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}
