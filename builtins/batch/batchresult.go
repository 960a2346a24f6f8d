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
// other a UTF-8 CSV; either way memory stays flat. The file appears when
// the batch ends, finished or stopped, with the rows it did; a file that
// cannot be written leaves nothing half-written behind. A path that names
// no regular file (a device such as /dev/stdout, a pipe) is written
// straight to.
type resultWriter struct {
	path, tmp string // tmp is "" when path is written straight to
	file      *os.File
	buf       *bufio.Writer
	csv       *csv.Writer
	book      *excelize.File
	sheet     *excelize.StreamWriter
	row       int // the rows written, header included
	width     int
}

// resultFileError is a failure to write the result file, which stops the
// batch.
type resultFileError struct {
	path string
	err  error
}

func (e *resultFileError) Error() string {
	return fmt.Sprintf("Cannot write the result file '%s': %v", e.path, e.err)
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
	var f *os.File
	var err error
	if info, serr := os.Stat(path); serr == nil && !info.Mode().IsRegular() && !info.IsDir() {
		f, err = os.OpenFile(path, os.O_WRONLY, 0)
	} else if f, err = os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*"); err == nil {
		w.tmp = f.Name()
	}
	if err != nil {
		return nil, &resultFileError{path, err}
	}
	w.file = f
	w.buf = bufio.NewWriterSize(f, 64<<10)
	w.csv = csv.NewWriter(w.buf)
	w.row = 1
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
	if err := w.csv.Write(cells); err != nil {
		return &resultFileError{w.path, err}
	}
	w.row++
	return nil
}

// Flush writes the rows so far to the file, so that a failure to write is
// found at the chunk it happens in. A workbook is written whole at Close.
func (w *resultWriter) Flush() error {
	if w.csv == nil {
		return nil
	}
	w.csv.Flush()
	err := w.csv.Error()
	if err == nil {
		err = w.buf.Flush()
	}
	if err != nil {
		return &resultFileError{w.path, err}
	}
	return nil
}

// Rows is how many rows of outcomes have been written.
func (w *resultWriter) Rows() int { return w.row - 1 }

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
		err := w.sheet.Flush()
		if err == nil {
			err = w.book.SaveAs(w.path)
		}
		w.book.Close()
		w.book, w.sheet = nil, nil
		if err != nil {
			return &resultFileError{w.path, err}
		}
		return nil
	}
	if w.file == nil {
		return nil
	}
	err := w.Flush()
	if cerr := w.file.Close(); err == nil && cerr != nil {
		err = &resultFileError{w.path, cerr}
	}
	w.file = nil
	if w.tmp == "" {
		return err
	}
	if err == nil {
		if rerr := os.Rename(w.tmp, w.path); rerr != nil {
			err = &resultFileError{w.path, rerr}
		}
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
		if w.tmp != "" {
			os.Remove(w.tmp)
		}
		w.file = nil
	}
}
