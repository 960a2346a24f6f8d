package core

import (
	"errors"
	"fmt"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
)

func jsonCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "ConvertTo-Json",
			Module:      modUtility,
			Synopsis:    "Converts an object to a JSON-formatted string.",
			Description: "ConvertTo-Json writes its input as one JSON string: a single object as a JSON object, several as an array. Objects nested deeper than -Depth (2 by default) are written as their string form, with a warning.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.Object, Position: 1, Mandatory: true, ValueFromPipeline: true, Help: "The objects to convert."},
				{Name: "Depth", Type: cmdlet.Int, Help: "How many levels of nested objects to write (0 to 100; 2 by default)."},
				{Name: "Compress", Type: cmdlet.Switch, Help: "Omits white space and indentation."},
				{Name: "AsArray", Type: cmdlet.Switch, Help: "Writes a JSON array even for a single object."},
				{Name: "EnumsAsStrings", Type: cmdlet.Switch, Help: "Writes enumeration values as their names."},
				{Name: "EscapeHandling", Type: cmdlet.String, ValidateSet: []string{"Default", "EscapeNonAscii", "EscapeHtml"}, Help: "Which characters are escaped."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-License | ConvertTo-Json -Depth 3", Remarks: "Writes the licenses as a JSON array."},
				{Code: "@{Name = 'Ann'; Count = 2} | ConvertTo-Json -Compress", Remarks: "Writes {\"Name\":\"Ann\",\"Count\":2}."},
			},
			Process: CollectInput("InputObject"),
			End:     convertToJson,
		},
		{
			Name:        "ConvertFrom-Json",
			Module:      modUtility,
			Synopsis:    "Converts a JSON-formatted string to a custom object or a hash table.",
			Description: "ConvertFrom-Json parses JSON text (lines from the pipeline are joined first). Objects become PSCustomObjects with the keys in their order, or ordered hashtables with -AsHashtable; an array is written item by item unless -NoEnumerate is given.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipeline: true, Help: "The JSON text."},
				{Name: "AsHashtable", Type: cmdlet.Switch, Help: "Makes ordered hashtables instead of objects."},
				{Name: "Depth", Type: cmdlet.Int, Help: "The deepest nesting allowed (1024 by default)."},
				{Name: "NoEnumerate", Type: cmdlet.Switch, Help: "Writes an array as one object."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-Content ./settings.json -Raw | ConvertFrom-Json", Remarks: "Reads a JSON file into an object."},
			},
			Process: CollectInput("InputObject"),
			End:     convertFromJson,
		},
	}
}

// CollectInput returns a Process that gathers every value of the parameter
// into c.State(), for cmdlets that work on their whole input at the end.
func CollectInput(param string) func(c cmdlet.Call) error {
	return func(c cmdlet.Call) error {
		items, _ := c.State().([]any)
		c.SetState(append(items, c.Get(param)))
		return nil
	}
}

func convertToJson(c cmdlet.Call) error {
	items, _ := c.State().([]any)
	if len(items) == 0 {
		return nil
	}
	depth := 2
	if c.Bound("Depth") {
		depth = c.Int("Depth")
		if err := checkRange(c, "Depth", depth, 0, 100); err != nil {
			return err
		}
	}
	var v any = items
	if len(items) == 1 && !c.Switch("AsArray") {
		v = items[0]
	}
	text, truncated := ToJSON(v, depth, c.Switch("Compress"))
	if truncated {
		c.WriteWarning(fmt.Sprintf("Resulting JSON is truncated as serialization has exceeded the set depth of %d.", depth))
	}
	return c.Write(text)
}

func convertFromJson(c cmdlet.Call) error {
	items, _ := c.State().([]any)
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i], _ = it.(string)
	}
	text := strings.Join(lines, "\n")
	if strings.TrimSpace(text) == "" {
		return nil
	}
	v, err := FromJSON(text, c.Switch("AsHashtable"))
	var shape jsonShapeError
	switch {
	case errors.As(err, &shape):
		rec := interp.NewError(CommandID("System.InvalidOperationException", c.Cmdlet().Name), "NotSpecified", text, shape.Error())
		rec.Exception.Type = "System.InvalidOperationException"
		return rec
	case err != nil:
		rec := interp.NewError(CommandID("System.ArgumentException", c.Cmdlet().Name), "NotSpecified", text,
			"Conversion from JSON failed with error: "+jsonErrorText(err))
		rec.Exception.Type = "System.ArgumentException"
		return rec
	}
	if arr, ok := v.([]any); ok && !c.Switch("NoEnumerate") {
		for _, it := range arr {
			if err := c.Write(it); err != nil {
				return err
			}
		}
		return nil
	}
	return c.Write(v)
}
