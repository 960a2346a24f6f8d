package tenant

import (
	"reflect"
	"testing"
)

func TestBatchRecordsRowsOnce(t *testing.T) {
	t.Parallel()
	s := newTenant(t)
	populate(t, s, 3)
	var id int64
	if err := s.Write(ctx, func(tx *Tx) error {
		var err error
		if id, err = tx.StartBatch("leavers.csv", map[string]any{"RemoveLicenses": []string{"SPE_E5"}}); err != nil {
			return err
		}
		for i, upn := range []string{"user0@contoso.com", "ghost@contoso.com"} {
			res, err := tx.SetUserLicense(upn, nil, []string{e5})
			row := BatchRow{RowNumber: i + 2, Identity: upn, Status: "Changed", Removed: res.Removed}
			if err != nil {
				row.Status, row.Detail = "Failed", err.Error()
			}
			if err := tx.AddBatchRow(row); err != nil {
				return err
			}
		}
		return tx.FinishBatch()
	}); err != nil {
		t.Fatal(err)
	}
	bs := must[[]Batch](t)(s.Batches(ctx, id))
	if len(bs) != 1 || bs[0].Rows != 2 || bs[0].Changed != 1 || bs[0].Failed != 1 || bs[0].Finished.IsZero() ||
		bs[0].SourceFile != "leavers.csv" || bs[0].Options != `{"RemoveLicenses":["SPE_E5"]}` {
		t.Fatalf("batch = %+v", bs)
	}
	rows := must[[]BatchRow](t)(s.BatchRows(ctx, id))
	want := []BatchRow{
		{RowNumber: 2, Identity: "user0@contoso.com", Status: "Changed",
			Removed: []LicenseRef{{SkuRef: SkuRef{SkuID: e5, PartNumber: "SPE_E5", ProductName: "Microsoft 365 E5"}, DisabledPlans: []string{}}}},
		{RowNumber: 3, Identity: "ghost@contoso.com", Status: "Failed",
			Detail: "Resource 'ghost@contoso.com' does not exist or one of its queried reference-property objects are not present."},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("rows = %+v\nwant %+v", rows, want)
	}
	if n := len(must[[]AuditEntry](t)(s.AuditLog(ctx, AuditFilter{BatchID: id}))); n != 3 {
		t.Fatalf("%d audit rows in the batch, want start, change, finish", n)
	}
	// A resumed batch cannot record a row twice.
	err := s.Write(ctx, func(tx *Tx) error {
		tx.SetBatch(id)
		return tx.AddBatchRow(BatchRow{RowNumber: 2, Identity: "user0@contoso.com", Status: "Changed"})
	})
	if err == nil {
		t.Fatal("a row was recorded twice")
	}
	_, err = s.Batches(ctx, 99)
	wantError(t, err, "Batch 99 does not exist.")
}
