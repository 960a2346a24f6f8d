package tenant

import (
	"os"
	"testing"
)

// TestCheckpointKeepsLogShort commits many transactions on a run's
// connection, whose own automatic checkpoint is off: through the run's
// checkpoints the log stays about as short as SQLite's automatic
// checkpoint keeps it, and every committed row stays. Without them (the
// control) the log grows with every transaction.
func TestCheckpointKeepsLogShort(t *testing.T) {
	t.Parallel()
	const (
		transactions = 30
		rows         = 100 // each a page of its own and more
	)
	run := func(t *testing.T, checkpointed bool) (walSize int64) {
		s := newTenant(t)
		if _, err := s.DB().Exec(`CREATE TABLE ballast (b BLOB NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		sq, err := s.openBulkSQL(ctx)
		if err != nil {
			t.Fatal(err)
		}
		fill := func(tx *Tx) error {
			_, err := tx.exec(`WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
				INSERT INTO ballast (b) SELECT randomblob(?) FROM n`, rows, pageSize)
			return err
		}
		for range transactions {
			if checkpointed {
				err = sq.writeOn(ctx, fill)
			} else {
				err = s.writeOn(ctx, sq.conn, fill)
			}
			if err != nil {
				sq.close()
				t.Fatal(err)
			}
			info, err := os.Stat(s.path + "-wal")
			if err != nil {
				sq.close()
				t.Fatal(err)
			}
			walSize = max(walSize, info.Size())
		}
		sq.close()
		var n int
		if err := s.DB().QueryRow(`SELECT count(*) FROM ballast`).Scan(&n); err != nil || n != transactions*rows {
			t.Fatalf("%d rows in the tenant, %v; want %d", n, err, transactions*rows)
		}
		return walSize
	}
	// A transaction writes two pages a row: the row's and its overflow.
	frame := int64(pageSize + 24)
	bound := (walLimit + 3*2*rows) * frame
	if got := run(t, true); got > bound {
		t.Errorf("checkpointed: the log reached %d bytes; want at most %d", got, bound)
	}
	if got := run(t, false); got <= bound {
		t.Errorf("control: the log reached %d bytes, within %d: the test shows nothing", got, bound)
	}
}
