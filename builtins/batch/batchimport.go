package batch

import (
	"errors"
	"fmt"
	"io"
	"iter"

	"licsh/builtins/core"
	"licsh/builtins/m365"
	"licsh/builtins/tenant"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

const typeImportSummary = "licsh.UserImportSummary"

// exportColumns are the columns Import-User reads, each with the headers
// that name it: the admin center export's current and older spellings,
// then the Graph property. Case and spaces are ignored.
var exportColumns = struct {
	display, given, surname, department, title, location, licenses []string
}{
	display:    []string{"Display name", "DisplayName"},
	given:      []string{"First name", "GivenName"},
	surname:    []string{"Last name", "Surname"},
	department: []string{"Department"},
	title:      []string{"Title", "JobTitle"},
	location:   []string{"Usage location", "UsageLocation"},
	licenses:   []string{"Licenses"},
}

func importUserCmdlet(ts *m365.Session) *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:     "Import-User",
		Module:   moduleName,
		Synopsis: "Builds or refreshes the tenant from the admin center's Export users file.",
		Description: "Import-User reads the CSV or XLSX file that the Microsoft 365 admin center's Active users > Export users writes (its current or its older column layout) " +
			"and makes the tenant match it, so that a job can be rehearsed on a copy of a real tenant: users it lacks are created; users it has get the file's display name, " +
			"first and last name, department, title and usage location where the file gives them; and each user is assigned the licenses the file lists that they do not hold yet. " +
			"Licenses a user holds that the file does not list are kept: an import never takes anything away. A product the tenant lacks, or has too few free seats of, " +
			"gets a new subscription of exactly the seats missing. A row that cannot be applied is reported with the file and row, and the import goes on.",
		Params: []*cmdlet.Param{
			{Name: "Path", Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompletePath, Help: "The export: .csv or .xlsx."},
			{Name: "Sheet", Aliases: []string{"WorksheetName"}, Type: cmdlet.String, Help: "The worksheet of an XLSX workbook; the first one by default."},
		},
		Examples: []cmdlet.Example{
			{Code: "Import-User -Path ./users_2025_03_01.csv", Remarks: "Creates or updates the users of the admin center's export, with their licenses."},
		},
		Outputs: typeImportSummary,
		Process: func(c cmdlet.Call) error { return importUser(c, ts) },
	}
}

func importUser(c cmdlet.Call, ts *m365.Session) error {
	st, err := ts.File(c)
	if err != nil {
		return err
	}
	path := c.Path(c.String("Path"))
	list, err := openUserList(path, c.String("Sheet"), "")
	if err != nil {
		return listRecord(err, path)
	}
	defer list.Close()
	names := list.Columns
	col := func(wanted []string) int { return columnIndex(names, wanted) }
	display, given, surname := col(exportColumns.display), col(exportColumns.given), col(exportColumns.surname)
	department, title, location, licenses := col(exportColumns.department), col(exportColumns.title), col(exportColumns.location), col(exportColumns.licenses)
	known, err := productNames(c, st)
	if err != nil {
		return m365.Record(err, nil)
	}
	rows := func(yield func(tenant.ImportRow, error) bool) {
		for {
			rec, n, err := list.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(tenant.ImportRow{}, err)
				return
			}
			upn := list.Identity(rec)
			if upn == "" && blankRecord(rec) {
				continue
			}
			cell := func(i int) string {
				if i < 0 {
					return ""
				}
				return rec[i]
			}
			row := tenant.ImportRow{Number: n, UserPrincipalName: upn, DisplayName: cell(display), GivenName: cell(given), Surname: cell(surname),
				Department: cell(department), JobTitle: cell(title), UsageLocation: cell(location)}
			if licenses >= 0 {
				row.Licenses = splitLicenses(rec[licenses], known)
			}
			switch {
			case upn == "":
				row.Problem = "The row names no user."
			case looksLikeGUID(upn):
				row.Problem = fmt.Sprintf("'%s' is not a user principal name.", upn)
			default:
				if p := identityProblem(upn); p != "" {
					row.Problem = p
				}
			}
			if !yield(row, nil) {
				return
			}
		}
	}
	prog := newProgress(c, "Import-User", false)
	sum, err := st.ImportUsers(c.Context(), iter.Seq2[tenant.ImportRow, error](rows), func(f tenant.ImportFailure) error {
		return c.WriteError(interp.NewError(core.CommandID("ImportUserRowFailed", "Import-User"), "InvalidData", f.UPN,
			fmt.Sprintf("%s, row %d: %s", path, f.Number, f.Message)))
	})
	prog.done()
	if err != nil {
		var le *listError
		if errors.As(err, &le) {
			return listRecord(err, path)
		}
		if sum.Rows > 0 && !interp.IsControl(err) {
			// The rows of the chunks committed before stay imported; an
			// import again finds them unchanged and does the rest.
			c.WriteWarning(fmt.Sprintf("The import stopped after %d rows of %s; those rows are imported. Finish it by running Import-User -Path '%s' again.", sum.Rows, path, path))
		}
		return m365.Fail(c, err, path)
	}
	for _, s := range sum.Subscriptions {
		unit := "licenses"
		if s.Quantity == 1 {
			unit = "license"
		}
		c.WriteWarning(fmt.Sprintf("Added subscription %s with %d %s of %s (%s) for the users of the file who hold it.", s.SubscriptionID, s.Quantity, unit, s.PartNumber, s.ProductName))
	}
	return c.Write(importSummaryObject(sum))
}

// blankRecord reports a row whose cells are all blank.
func blankRecord(rec []string) bool {
	for _, s := range rec {
		if s != "" {
			return false
		}
	}
	return true
}

func importSummaryObject(s tenant.ImportSummary) *value.Object {
	o := value.NewObject(typeImportSummary)
	o.Set("Rows", s.Rows)
	o.Set("Created", s.Created)
	o.Set("Updated", s.Updated)
	o.Set("Unchanged", s.Unchanged)
	o.Set("Failed", s.Failed)
	o.Set("SubscriptionsAdded", len(s.Subscriptions))
	o.Set("Duration", s.Duration)
	return o
}
