package tenant

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

func TestTuples(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n, width int
		want     string
	}{
		{1, 1, "(?)"},
		{1, 3, "(?, ?, ?)"},
		{2, 2, "(?, ?), (?, ?)"},
		{3, 1, "(?), (?), (?)"},
	} {
		if got := tuples(tc.n, tc.width); got != tc.want {
			t.Errorf("tuples(%d, %d) = %q; want %q", tc.n, tc.width, got, tc.want)
		}
	}
}

// TestExecRows inserts each number of rows and checks that every row went
// in once, in groups whose statements are reused.
func TestExecRows(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 2, 3, 127, 128, 129, 255, 256, 1000, 5001} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := newTenant(t)
			sq, err := s.openBulkSQL(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer sq.close()
			rows := make([][]any, n)
			for i := range rows {
				rows[i] = []any{int64(1), i + 1, fmt.Sprintf("u%d@contoso.com", i), StatusSkipped, "", "[]"}
			}
			err = s.writeOn(ctx, sq.conn, func(tx *Tx) error {
				if _, err := tx.exec(`INSERT INTO batches (id, started) VALUES (1, 0)`); err != nil {
					return err
				}
				return sq.execRows(tx, `INSERT INTO batch_rows (batch_id, row_number, identity, status, detail, removed_skus) VALUES `, "", rows)
			})
			if err != nil {
				t.Fatal(err)
			}
			var count, sum int
			if err := s.DB().QueryRow(`SELECT count(*), coalesce(sum(row_number), 0) FROM batch_rows`).Scan(&count, &sum); err != nil {
				t.Fatal(err)
			}
			if count != n || sum != n*(n+1)/2 {
				t.Errorf("%d rows, row numbers summing to %d; want %d and %d", count, sum, n, n*(n+1)/2)
			}
			if len(sq.stmts) > 8 {
				t.Errorf("%d statements prepared; want at most 8", len(sq.stmts))
			}
		})
	}
}

func TestInJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		keys []string
		want string
	}{
		{nil, "[]"},
		{[]string{"a@contoso.com"}, `["a@contoso.com"]`},
		{[]string{`o'brien@contoso.com`, `x"y`}, `["o'brien@contoso.com","x\"y"]`},
	} {
		got, err := inJSON(tc.keys)
		if err != nil || got != tc.want {
			t.Errorf("inJSON(%q) = %q, %v; want %q", tc.keys, got, err, tc.want)
		}
	}
}

// TestUsersByJSONList finds users through a JSON list: case-insensitively,
// with quotes and SQL in a UPN taken as text.
func TestUsersByJSONList(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	addUser(t, s, "ann@contoso.com", "US")
	addUser(t, s, "o'brien@contoso.com", "US")
	for _, tc := range []struct {
		keys []string
		want string
	}{
		{[]string{"ANN@Contoso.com"}, "ann@contoso.com"},
		{[]string{"o'brien@contoso.com", "ghost@contoso.com"}, "o'brien@contoso.com"},
		{[]string{"x' OR '1'='1"}, ""},
		{[]string{}, ""},
	} {
		sq, err := s.openBulkSQL(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		err = s.writeOn(ctx, sq.conn, func(tx *Tx) error {
			list, err := inJSON(tc.keys)
			if err != nil {
				return err
			}
			rows, err := sq.query(tx, `SELECT upn FROM users WHERE upn IN `+jsonList+` ORDER BY upn`, list)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var upn string
				if err := rows.Scan(&upn); err != nil {
					return err
				}
				got = append(got, upn)
			}
			return rows.Err()
		})
		sq.close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%q found %q; want %q", tc.keys, got, tc.want)
		}
	}
}

func TestJSONMemo(t *testing.T) {
	t.Parallel()
	ref := func(id string, plans []string) LicenseRef {
		return LicenseRef{SkuRef: SkuRef{SkuID: id, PartNumber: "P" + id, ProductName: "N" + id}, DisabledPlans: plans}
	}
	var m jsonMemo
	for _, tc := range []struct {
		refs []LicenseRef
		want string
	}{
		{nil, "null"},
		{[]LicenseRef{}, "[]"},
		{[]LicenseRef{ref("1", nil)}, `[{"SkuID":"1","PartNumber":"P1","ProductName":"N1","DisabledPlans":null}]`},
		{[]LicenseRef{ref("1", []string{})}, `[{"SkuID":"1","PartNumber":"P1","ProductName":"N1","DisabledPlans":[]}]`},
		{[]LicenseRef{ref("1", []string{"a"})}, `[{"SkuID":"1","PartNumber":"P1","ProductName":"N1","DisabledPlans":["a"]}]`},
		{[]LicenseRef{ref("1", nil), ref("2", nil)}, `[{"SkuID":"1","PartNumber":"P1","ProductName":"N1","DisabledPlans":null},{"SkuID":"2","PartNumber":"P2","ProductName":"N2","DisabledPlans":null}]`},
		{[]LicenseRef{ref("1", nil)}, `[{"SkuID":"1","PartNumber":"P1","ProductName":"N1","DisabledPlans":null}]`},
	} {
		if got, err := m.refs(tc.refs); err != nil || got != tc.want {
			t.Errorf("refs(%+v) = %s, %v; want %s", tc.refs, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		list []string
		want string
	}{
		{nil, "null"},
		{[]string{}, "[]"},
		{[]string{""}, `[""]`},
		{[]string{"SPE_E3"}, `["SPE_E3"]`},
		{[]string{"SPE_E3", "SPE_E5"}, `["SPE_E3","SPE_E5"]`},
		{[]string{"SPE_E3\x00SPE_E5"}, `["SPE_E3\u0000SPE_E5"]`},
	} {
		if got, err := m.strings(tc.list); err != nil || got != tc.want {
			t.Errorf("strings(%q) = %s, %v; want %s", tc.list, got, err, tc.want)
		}
	}
}

// TestBulkSettingsReset: a batch's and an import's connection goes back to
// the pool with the pool's cache, temporary store and automatic
// checkpoint.
func TestBulkSettingsReset(t *testing.T) {
	t.Parallel()
	s := batchTenant(t)
	check := func(after string) {
		t.Helper()
		// Every connection the pool holds, the run's among them.
		var conns []*sql.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for range 4 {
			c, err := s.DB().Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			var cache, store, checkpoint int
			if err := c.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
				t.Fatal(err)
			}
			if err := c.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&store); err != nil {
				t.Fatal(err)
			}
			if err := c.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&checkpoint); err != nil {
				t.Fatal(err)
			}
			if cache != -2000 || store != 0 || checkpoint != 1000 {
				t.Errorf("after %s: cache_size %d, temp_store %d, wal_autocheckpoint %d", after, cache, store, checkpoint)
			}
		}
	}
	runBatch(t, s, rowsOf(BulkRow{Remove: []string{e5}}, "ann@contoso.com", "bob@contoso.com"), BulkOptions{})
	check("a batch")
	rows := func(yield func(ImportRow, error) bool) {
		yield(ImportRow{Number: 2, UserPrincipalName: "new@contoso.com", DisplayName: "New", UsageLocation: "US", Licenses: []string{"SPE_E3"}}, nil)
	}
	if sum, err := s.ImportUsers(ctx, rows, func(f ImportFailure) error { return fmt.Errorf("%+v", f) }); err != nil || sum.Created != 1 {
		t.Fatal(sum, err)
	}
	check("an import")
}
