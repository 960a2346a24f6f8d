package tenant

import "strings"

// maxBound keeps a statement's bound parameters well under SQLite's limit
// of 32766.
const maxBound = 30000

// tuples is "(?, ?), (?, ?)" for n rows of width parameters each: a chunk's
// rows go to SQLite as one statement's parameters, which costs far less
// than a statement per row.
func tuples(n, width int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	var b strings.Builder
	b.Grow(n * (len(one) + 2))
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

// execRows runs query, which ends in VALUES, then suffix, with as many
// rows of arguments per statement as the parameter limit allows.
func (tx *Tx) execRows(query, suffix string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	per := maxBound / width
	for len(rows) > 0 {
		n := min(per, len(rows))
		args := make([]any, 0, n*width)
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := tx.exec(query+tuples(n, width)+suffix, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// inList is "?, ?, ?" for n parameters.
func inList(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// anys turns strings into query arguments.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
