package m365

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"licsh/shell/cmdlet"
)

// TestSessionShellHooks checks what the interactive shell gets from
// the tenant: completion values, the prompt's location and the welcome line.
func TestSessionShellHooks(t *testing.T) {
	t.Parallel()
	ts := NewSession(filepath.Join(t.TempDir(), "tenant.db"), true)
	defer ts.Close()
	st, err := ts.Store(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	users, err := st.UserCount(context.Background())
	if err != nil || users == 0 {
		t.Fatalf("UserCount = %d, %v", users, err)
	}

	upns := ts.Complete(cmdlet.CompleteUser, "ADMIN@")
	if !slices.Equal(upns, []string{"admin@contoso.com"}) {
		t.Errorf(`Complete("user", "ADMIN@") = %q`, upns)
	}
	for _, u := range ts.Complete(cmdlet.CompleteUser, "a") {
		if !strings.HasPrefix(strings.ToLower(u), "a") {
			t.Errorf("user completion %q does not start with a", u)
		}
	}
	if got := ts.Complete(cmdlet.CompleteSku, "spe_e"); !slices.Contains(got, "SPE_E5") {
		t.Errorf(`Complete("sku", "spe_e") = %q, want SPE_E5 among them`, got)
	}
	if got := ts.Complete(cmdlet.CompleteSku, "Microsoft 365 E"); len(got) == 0 {
		t.Errorf(`Complete("sku", "Microsoft 365 E") offers no product name`)
	}
	if got := ts.Complete(cmdlet.Completion("nothing"), ""); got != nil {
		t.Errorf("unknown kind completes %q", got)
	}
	name, admin, live := ts.Location()
	if name != "Contoso" || admin != "admin@contoso.com" || live {
		t.Errorf("Location() = %q, %q", name, admin)
	}
	welcome := ts.Welcome()
	if !strings.HasPrefix(welcome, "Tenant Contoso (contoso.com), acting as admin@contoso.com: ") ||
		!strings.Contains(welcome, " users, ") {
		t.Errorf("Welcome() = %q", welcome)
	}
}

func TestSessionWelcomeEmpty(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "empty.db")
	ts := NewSession(path, false)
	defer ts.Close()
	want := "The tenant file " + path + " is empty: set it up with Initialize-Tenant -Name <name> -DefaultDomain <domain> [-Demo]."
	if got := ts.Welcome(); got != want {
		t.Errorf("Welcome() = %q, want %q", got, want)
	}
	if name, admin, _ := ts.Location(); name != "" || admin != "" {
		t.Errorf("Location() = %q, %q on an empty tenant", name, admin)
	}
}
