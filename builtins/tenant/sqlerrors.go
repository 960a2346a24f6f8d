package tenant

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// errDiskFull is the refusal of a change SQLite could not write because
// the tenant file or its journal cannot grow: the disk is full (SQLite's
// SQLITE_FULL), or a write past a size limit failed (SQLITE_IOERR_WRITE,
// as under ulimit -f). The transaction was rolled back whole, so the tenant
// is as it was before the change began.
func errDiskFull(path string) *Error {
	return newError(CodeDiskFull, "The tenant file %s cannot grow: its disk is full, or the file has reached the largest size allowed to it. The change in progress was undone whole: nothing of it was made, nothing is half-done. Free some space and run the command again.", path)
}

// errTenantIO is the refusal of a command when the tenant file could not
// be read or written for another reason; text is SQLite's.
func errTenantIO(path, text string) *Error {
	return newError(CodeTenantIO, "The tenant file %s could not be read or written (%s). Nothing was half-done: a change in progress was undone whole. Check the disk and run the command again.", path, text)
}

// errReadOnly is the refusal of a change to a tenant its user may read
// but not write.
func errReadOnly(path string) *Error {
	return newError(CodeReadOnly, "The tenant file %s is read-only for you: commands that read it work, changes are refused. To change the tenant, get write access to the file and to its folder.", path)
}

// errReadOnlyOutdated refuses a tenant that cannot be read without being
// brought up to date, which needs write access.
func errReadOnlyOutdated(path string, version int) *Error {
	if version == 0 {
		return newError(CodeReadOnly, "The tenant file %s is empty and read-only for you: it cannot be set up without write access to the file and its folder.", path)
	}
	return newError(CodeReadOnly, "The tenant file %s is read-only for you and was made by an older licsh (schema version %d; this licsh reads %d): it must be brought up to date before it can be read, which needs write access to the file and its folder. Open it once with that access.", path, version, schemaVersion())
}

// errUnreadWAL refuses a read-only tenant whose -wal file holds changes
// that SQLite can read only with a -shm file that cannot be made.
func errUnreadWAL(path string) *Error {
	return newError(CodeReadOnly, "The tenant file %s is read-only for you, and its last changes, in %s-wal, cannot be read without creating %s-shm in its folder, which you cannot write. Open it once with write access to its folder.", path, path, path)
}

// errTooComplex is the refusal of an input SQLite cannot run because it
// is too large or nested too deep; what names the input (the filter
// "..."), cause is SQLite's reason.
func errTooComplex(what, cause string) *Error {
	return newError(CodeTooComplex, "The %s is too complex for the tenant database (%s). Split it into several smaller ones.", what, cause)
}

// sqliteCode is the extended result code of an SQLite error, and its text
// without the code SQLite appends; ok is false for other errors.
func sqliteCode(err error) (code int, text string, ok bool) {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return 0, "", false
	}
	text = strings.TrimSuffix(se.Error(), fmt.Sprintf(" (%d)", se.Code()))
	text = strings.TrimPrefix(text, "SQL logic error: ")
	return se.Code(), text, true
}

// tooComplex reports whether SQLite refused a statement for its size or
// depth rather than for a mistake in it: an expression tree or a LIKE
// pattern too large, too many placeholders or terms, the parser's stack.
func tooComplex(code int, text string) bool {
	if code&0xff == sqlite3.SQLITE_TOOBIG {
		return true
	}
	if code&0xff != sqlite3.SQLITE_ERROR {
		return false
	}
	lower := strings.ToLower(text)
	for _, s := range []string{"too large", "too many", "too complex", "recursion limit", "stack overflow"} {
		if strings.Contains(lower, s) {
			return true
		}
	}
	return false
}

// dbError is the error a Store method returns for err: a full disk and a
// statement SQLite finds too complex in words that say what happened and
// what to do (what names the input a statement came from, "" when none
// did), anything else as it is.
func (s *Store) dbError(err error, what string) error { return sqlError(s.path, err, what) }

// sqlError is dbError for the tenant file at path.
func sqlError(path string, err error, what string) error {
	code, text, ok := sqliteCode(err)
	switch {
	case !ok:
		return err
	case code&0xff == sqlite3.SQLITE_FULL, code == sqlite3.SQLITE_IOERR_WRITE:
		return errDiskFull(path)
	case code&0xff == sqlite3.SQLITE_READONLY:
		return errReadOnly(path)
	case code&0xff == sqlite3.SQLITE_IOERR:
		return errTenantIO(path, text)
	case tooComplex(code, text) && what != "":
		return errTooComplex(what, text)
	case tooComplex(code, text):
		return errTooComplex("command", text)
	}
	return err
}

// excerpt shortens a user's input for a message: its start and length.
func excerpt(s string) string {
	const keep = 60
	if utf8.RuneCountInString(s) <= keep {
		return s
	}
	r := []rune(s)
	return fmt.Sprintf("%s... (%d characters)", string(r[:keep]), len(r))
}
