package licsh

import (
	"context"
	"strings"
	"testing"

	"licsh/shell/interp"
)

// TestRun runs commands through Run from inside a command of a session, as a
// Go program run by licsh -File does, and outside any session.
func TestRun(t *testing.T) {
	if _, err := Run("Get-Thing", nil); err == nil || err.Error() != "licsh.Run works only in a Go program run by licsh -File." {
		t.Fatalf("outside a session: %v", err)
	}
	reg := interp.NewRegistry()
	reg.Add(&interp.Cmdlet{Name: "Get-Thing", Params: []*interp.Param{{Name: "Name", Type: "string"}, {Name: "InputObject", ValueFromPipeline: true}},
		Process: func(c *interp.Call) error {
			if c.HasInput {
				return c.Write("piped " + c.String("InputObject"))
			}
			return c.Write("thing " + c.String("Name"))
		}})
	var got []string
	reg.Add(&interp.Cmdlet{Name: "Invoke-Program", Process: func(c *interp.Call) error {
		defer Serve(c)()
		tests := []struct {
			name   string
			params map[string]any
			input  []any
			want   string
		}{
			{"Get-Thing", map[string]any{"Name": "a"}, nil, "thing a"},
			{"get-thing", nil, nil, "thing "},
			{"Get-Thing", nil, []any{"x", "y"}, "piped x|piped y"},
			{"Get-Nothing", nil, nil, "error: The term 'Get-Nothing' is not recognized"},
		}
		for _, tt := range tests {
			out, err := Run(tt.name, tt.params, tt.input...)
			line := ""
			if err != nil {
				line = "error: " + strings.SplitN(err.Error(), " as a name", 2)[0]
			}
			for i, o := range out {
				if i > 0 {
					line += "|"
				}
				line += o.(string)
			}
			if line != tt.want {
				t.Errorf("Run(%s, %v, %v) = %q, want %q", tt.name, tt.params, tt.input, line, tt.want)
			}
			got = append(got, line)
		}
		if Session() != c {
			t.Error("Session is not the call served")
		}
		return nil
	}})
	r := interp.New(&interp.Host{}, reg)
	if code := r.RunString(context.Background(), "", "Invoke-Program", nil); code != 0 || len(got) != 4 {
		t.Fatalf("exit code %d, %d runs", code, len(got))
	}
	if Session() != nil {
		t.Error("the session is still served after the program")
	}
}
