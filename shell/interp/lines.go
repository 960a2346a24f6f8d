package interp

import (
	"bufio"
	"os"
)

// readLines reads a text file's lines, for switch -File.
func readLines(path string) ([]any, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, NewError("PathNotFound", "ObjectNotFound", path,
			"Cannot find path '"+path+"' because it does not exist.")
	}
	defer fh.Close()
	var out []any
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out, sc.Err()
}
