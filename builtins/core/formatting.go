package core

import (
	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func formattingCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Format-Table",
			Module:      modUtility,
			Aliases:     []string{"ft"},
			Synopsis:    "Formats the output as a table.",
			Description: "Format-Table shows its input as a table of the chosen properties (names, wildcards or calculated properties with Label, Expression, Width and Alignment). It outputs the table as lines of text, so what follows it in the pipeline (Out-File, Out-String) gets the text.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to show."},
				{Name: "Property", Type: cmdlet.Objects, Position: 1, Complete: cmdlet.CompleteProperty, Help: "The columns: property names, wildcards or calculated properties."},
				{Name: "AutoSize", Type: cmdlet.Switch, Help: "Sizes the columns to the data."},
				{Name: "HideTableHeaders", Type: cmdlet.Switch, Help: "Leaves out the column headers."},
				{Name: "Wrap", Type: cmdlet.Switch, Help: "Wraps long values onto more lines instead of cutting them."},
				{Name: "GroupBy", Type: cmdlet.Object, Help: "Accepted; the output is not grouped."},
				{Name: "View", Type: cmdlet.String, Help: "Accepted; the default view is used."},
				{Name: "RepeatHeader", Type: cmdlet.Switch, Help: "Accepted; headers are shown once."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-License | Format-Table SkuPartNumber, Available -AutoSize", Remarks: "Shows two columns sized to the data."},
				{Code: "Get-User | ft UserPrincipalName, @{Label='Dept'; Expression={$_.Department}; Width=12}", Remarks: "Shows a calculated column 12 characters wide."},
			},
			Process: CollectInput("InputObject"),
			End: func(c cmdlet.Call) error {
				return formatOutput(c, func(lw *lineWriter, objs []any, specs []propSpec, names []string) error {
					opt := format.TableOptions{
						Properties:       names,
						AutoSize:         c.Switch("AutoSize"),
						HideTableHeaders: c.Switch("HideTableHeaders"),
						Width:            interp.Inner(c).Host().Width,
						Wrap:             c.Switch("Wrap"),
						Views:            interp.Inner(c).Views(),
					}
					if hasLayout(specs) {
						for _, n := range names {
							col := format.Column{Label: n}
							for _, s := range specs {
								if s.name == n {
									col.Width, col.Align = s.width, s.align
								}
							}
							opt.Columns = append(opt.Columns, col)
						}
					}
					return format.Table(lw, objs, opt)
				})
			},
		},
		{
			Name:        "Format-List",
			Module:      modUtility,
			Aliases:     []string{"fl"},
			Synopsis:    "Formats the output as a list of properties in which each property appears on a new line.",
			Description: "Format-List shows each object as \"Name : Value\" lines, of the chosen properties or all of them with *. It outputs the list as lines of text.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to show."},
				{Name: "Property", Type: cmdlet.Objects, Position: 1, Complete: cmdlet.CompleteProperty, Help: "The properties: names, wildcards (* for all) or calculated properties."},
				{Name: "GroupBy", Type: cmdlet.Object, Help: "Accepted; the output is not grouped."},
				{Name: "View", Type: cmdlet.String, Help: "Accepted; the default view is used."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-User adele.garcia@contoso.com | Format-List *", Remarks: "Shows every property of one user."},
			},
			Process: CollectInput("InputObject"),
			End: func(c cmdlet.Call) error {
				return formatOutput(c, func(lw *lineWriter, objs []any, _ []propSpec, names []string) error {
					return format.List(lw, objs, names, interp.Inner(c).Views())
				})
			},
		},
	}
}

// hasLayout reports whether a calculated property sets a column's width or
// alignment.
func hasLayout(specs []propSpec) bool {
	for _, s := range specs {
		if s.width > 0 || s.align != "" {
			return true
		}
	}
	return false
}

// formatOutput evaluates the calculated properties of the collected input
// into objects the formatter can show, runs render, and writes the
// rendered lines to the pipeline.
func formatOutput(c cmdlet.Call, render func(lw *lineWriter, objs []any, specs []propSpec, names []string) error) error {
	objs, _ := c.State().([]any)
	specs, err := parsePropSpecs(c.Get("Property"), "format")
	if err != nil {
		return err
	}
	var names []string
	calculated := false
	for _, s := range specs {
		names = append(names, s.name)
		calculated = calculated || s.expr != nil
	}
	if calculated {
		objs, names, err = computeColumns(c, objs, specs)
		if err != nil {
			return err
		}
	}
	lw := &lineWriter{emit: func(line string) error { return c.Write(line) }}
	if err := render(lw, objs, specs, names); err != nil {
		return err
	}
	return lw.Flush()
}

// computeColumns makes, for each object, one holding the values of the
// specs: wildcards expanded against the first object, calculated
// properties evaluated.
func computeColumns(c cmdlet.Call, objs []any, specs []propSpec) ([]any, []string, error) {
	var names []string
	out := make([]any, 0, len(objs))
	for i, o := range objs {
		row := value.NewObject(typeNames(o)...)
		for _, s := range specs {
			if s.isWildcard() {
				for _, n := range matchNames(PropertyNames(o), s.name) {
					v, _ := Property(o, n)
					row.Set(n, v)
				}
				continue
			}
			v, err := s.eval(c, o)
			if err != nil {
				return nil, nil, err
			}
			row.Set(s.name, v)
		}
		if i == 0 {
			names = row.Names()
		}
		out = append(out, row)
	}
	return out, names, nil
}
