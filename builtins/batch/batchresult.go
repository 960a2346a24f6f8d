package batch

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"licsh/builtins/tenant"

	"github.com/xuri/excelize/v2"
)

// resultWriter writes a batch's result file as rows come: the input's
// columns plus Status, Detail and RemovedLicenses, one row per input row.
// A .xlsx path gets a workbook written with excelize's stream writer, any
// other a UTF-8 CSV; either way memory stays flat. The file appears only
// when the batch ends; an aborted batch leaves no half-written file.
type resultWriter struct {
	path, tmp string
	file      *os.File
	buf       *bufio.Writer
	csv       *csv.Writer
	book      *excelize.File
	sheet     *excelize.StreamWriter
	row       int
	width     int
}

var resultColumns = []string{"Status", "Detail", "RemovedLicenses"}

func newResultWriter(path string, columns []string) (*resultWriter, error) {
	w := &resultWriter{path: path, width: len(columns)}
	header := append(append([]string{}, columns...), resultColumns...)
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		w.book = excelize.NewFile()
		sw, err := w.book.NewStreamWriter("Sheet1")
		if err != nil {
			return nil, err
		}
		w.sheet = sw
		return w, w.writeXLSX(header)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, fmt.Errorf("Cannot write the result file '%s': %v", path, err)
	}
	w.file, w.tmp = f, f.Name()
	w.buf = bufio.NewWriterSize(f, 64<<10)
	w.csv = csv.NewWriter(w.buf)
	return w, w.csv.Write(header)
}

// Write adds the outcome of one input row.
func (w *resultWriter) Write(rec []string, r tenant.BulkResult) error {
	cells := make([]string, w.width, w.width+3)
	copy(cells, rec)
	removed := make([]string, len(r.Removed))
	for i, ref := range r.Removed {
		removed[i] = ref.PartNumber
	}
	cells = append(cells, r.Status, r.Detail, strings.Join(removed, "+"))
	if w.sheet != nil {
		return w.writeXLSX(cells)
	}
	return w.csv.Write(cells)
}

func (w *resultWriter) writeXLSX(cells []string) error {
	w.row++
	vals := make([]any, len(cells))
	for i, c := range cells {
		vals[i] = c
	}
	cell, err := excelize.CoordinatesToCellName(1, w.row)
	if err != nil {
		return err
	}
	return w.sheet.SetRow(cell, vals)
}

// Close finishes the file and puts it in place.
func (w *resultWriter) Close() error {
	if w.sheet != nil {
		if err := w.sheet.Flush(); err != nil {
			return err
		}
		err := w.book.SaveAs(w.path)
		w.book.Close()
		w.book, w.sheet = nil, nil
		return err
	}
	if w.file == nil {
		return nil
	}
	w.csv.Flush()
	err := w.csv.Error()
	if err == nil {
		err = w.buf.Flush()
	}
	if cerr := w.file.Close(); err == nil {
		err = cerr
	}
	w.file = nil
	if err == nil {
		err = os.Rename(w.tmp, w.path)
	}
	if err != nil {
		os.Remove(w.tmp)
	}
	return err
}

// Abort drops an unfinished file; after Close it does nothing.
func (w *resultWriter) Abort() {
	if w.book != nil {
		w.book.Close()
		w.book = nil
	}
	if w.file != nil {
		w.file.Close()
		os.Remove(w.tmp)
		w.file = nil
	}
}
