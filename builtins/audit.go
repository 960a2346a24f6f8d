package builtins

import (
	"licsh/builtins/tenant"
	"licsh/shell/interp"
)

func auditCmdlets(ts *TenantSession) []*interp.Cmdlet {
	return []*interp.Cmdlet{{
		Name:        "Get-AuditLog",
		Synopsis:    "Gets the tenant's audit log.",
		Description: "Get-AuditLog outputs the audit rows of every change, oldest first: when, who (Actor), what (Operation), to whom (Target), the details and the batch it was part of. Filters match exactly, ignoring case.",
		Params: []*interp.Param{
			{Name: "Operation", Type: "string", Help: "Only this operation, such as 'Set user license'."},
			{Name: "Actor", Type: "string", Complete: "user", Help: "Only changes made by this user principal name."},
			{Name: "Target", Type: "string", Complete: "user", Help: "Only changes to this user principal name or object."},
			{Name: "BatchId", Type: "long", Help: "Only the changes of this Invoke-LicenseBatch run."},
			{Name: "Last", Type: "int", Help: "Only the newest rows, this many."},
		},
		Examples: []interp.Example{
			{Code: "Get-AuditLog -Last 10", Remarks: "The ten newest changes."},
			{Code: "Get-AuditLog -Target adele@contoso.com", Remarks: "Every change to Adele."},
		},
		Process: func(c *interp.Call) error {
			st, err := ts.open(c)
			if err != nil {
				return err
			}
			var batch int64
			if v, ok := c.Get("BatchId").(int64); ok {
				batch = v
			}
			rows, err := st.AuditLog(c.Context(), tenant.AuditFilter{
				Operation: c.String("Operation"), Actor: c.String("Actor"), Target: c.String("Target"),
				BatchID: batch, Last: c.Int("Last"),
			})
			if err != nil {
				return tenantFail(c, err, nil)
			}
			for _, e := range rows {
				if err := c.Write(auditObject(e)); err != nil {
					return err
				}
			}
			return nil
		},
	}}
}
