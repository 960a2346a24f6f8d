package tenant

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
)

// SeedDemo fills an initialized, empty tenant with the demo company.
func (s *Store) SeedDemo(ctx context.Context) error {
	return s.Write(ctx, func(tx *Tx) error {
		var domain string
		if err := tx.queryRow(`SELECT default_domain FROM tenant WHERE id = 1`).Scan(&domain); err != nil {
			return notInitialized(err)
		}
		return tx.seedDemo(domain)
	})
}

// The demo company: about 250 people in nine departments and ten
// countries. It is generated from a fixed seed, so every demo tenant has
// the same people with the same licenses.
var (
	demoDepartments = []string{"Sales", "Marketing", "Engineering", "Finance", "Human Resources", "Legal", "Operations", "Support", "IT"}
	demoCountries   = []string{"US", "US", "US", "GB", "DE", "FR", "NL", "IN", "CA", "AU", "JP", "ES"}
	demoGiven       = []string{"Adele", "Alex", "Allan", "Bianca", "Brian", "Carla", "Chen", "Christie", "Daniel", "Debra",
		"Diego", "Elena", "Emily", "Enrico", "Fatima", "Grady", "Hannah", "Henrietta", "Isaiah", "Ivan", "Jana", "Johanna",
		"Joni", "Kenji", "Lee", "Lidia", "Lynne", "Marek", "Megan", "Miriam", "Nestor", "Nina", "Omar", "Patti", "Pradeep",
		"Raul", "Sakura", "Sofia", "Tomas", "Yuki"}
	demoSurnames = []string{"Vance", "Wilber", "Deyoung", "Pino", "Johnson", "Berg", "Wang", "Cline", "Garcia", "Berger",
		"Siciliani", "Novak", "Braun", "Rossi", "Khan", "Archie", "Schmidt", "Mueller", "Okafor", "Petrov", "Nowak",
		"Lindqvist", "Sherman", "Tanaka", "Gu", "Holloway", "Robinson", "Kowalski", "Bowen", "Caldwell", "Wilke",
		"Dubois", "Haddad", "Fernandez", "Gupta", "Ortega", "Sato", "Moreau", "Jansen", "Yamamoto"}
)

// demoProducts are the subscriptions of the demo company.
var demoProducts = []struct {
	part     string
	quantity int
	status   string
}{
	{"SPE_E5", 80, StatusEnabled},
	{"SPE_E3", 160, StatusEnabled},
	{"SPE_F1", 50, StatusEnabled},
	{"POWER_BI_PRO", 60, StatusEnabled},
	{"EMSPREMIUM", 50, StatusEnabled},
	{"VISIOCLIENT", 15, StatusEnabled},
	{"PROJECTPROFESSIONAL", 10, StatusEnabled},
	{"MCOEV", 25, StatusEnabled},
	{"MCOEV", 5, StatusWarning},
}

// demoSeed fixes the demo tenant's object ids.
var demoSeed = [32]byte{'c', 'o', 'n', 't', 'o', 's', 'o'}

func (tx *Tx) seedDemo(domain string) error {
	rng := rand.New(rand.NewPCG(2025, 365))
	for _, p := range demoProducts {
		if _, err := tx.AddSubscription(NewSubscription{Sku: p.part, Quantity: p.quantity, Status: p.status}); err != nil {
			return fmt.Errorf("demo subscription %s: %w", p.part, err)
		}
	}
	type person struct {
		upn, dept string
	}
	var people []person
	seen := map[string]bool{}
	for len(people) < 248 {
		given := demoGiven[rng.IntN(len(demoGiven))]
		surname := demoSurnames[rng.IntN(len(demoSurnames))]
		upn := strings.ToLower(given+"."+surname) + "@" + domain
		if seen[upn] {
			continue
		}
		seen[upn] = true
		dept := demoDepartments[rng.IntN(len(demoDepartments))]
		loc := demoCountries[rng.IntN(len(demoCountries))]
		// Every 40th person was never given a usage location.
		if len(people)%40 == 39 {
			loc = ""
		}
		title := map[bool]string{true: "Manager", false: "Specialist"}[rng.IntN(8) == 0]
		if _, err := tx.NewUser(NewUser{UserPrincipalName: upn, DisplayName: given + " " + surname, GivenName: given,
			Surname: surname, Department: dept, JobTitle: dept + " " + title, UsageLocation: loc}); err != nil {
			return err
		}
		people = append(people, person{upn, dept})
	}
	license := func(upn string, skus ...string) error {
		add := make([]AddLicense, len(skus))
		for i, k := range skus {
			add[i] = AddLicense{SkuID: k}
		}
		_, err := tx.SetUserLicense(upn, add, nil)
		if IsCode(err, CodeNoSeats) || IsCode(err, CodeUsageLocation) {
			return nil
		}
		return err
	}
	for i, p := range people {
		if i%30 == 7 {
			continue // a few unlicensed people
		}
		var skus []string
		switch {
		case (p.dept == "Operations" || p.dept == "Support") && rng.IntN(2) == 0:
			skus = append(skus, "SPE_F1")
		case p.dept == "Legal" || p.dept == "Finance" && rng.IntN(2) == 0 || rng.IntN(12) == 0:
			skus = append(skus, "SPE_E5")
		default:
			skus = append(skus, "SPE_E3")
		}
		if (p.dept == "IT" || p.dept == "Finance") && skus[0] == "SPE_E3" {
			skus = append(skus, "EMSPREMIUM")
		}
		if p.dept == "Engineering" && rng.IntN(6) == 0 {
			skus = append(skus, "VISIOCLIENT")
		}
		if p.dept == "Engineering" && rng.IntN(8) == 0 {
			skus = append(skus, "PROJECTPROFESSIONAL")
		}
		if p.dept == "Sales" && rng.IntN(2) == 0 {
			skus = append(skus, "MCOEV")
		}
		if p.dept == "Finance" && rng.IntN(3) == 0 {
			skus = append(skus, "POWER_BI_PRO")
		}
		if err := license(p.upn, skus...); err != nil {
			return fmt.Errorf("demo license for %s: %w", p.upn, err)
		}
	}
	// The analytics group assigns Power BI; some of its members also hold
	// it directly, so they are counted once.
	if _, err := tx.NewGroup("Power BI Users"); err != nil {
		return err
	}
	if _, err := tx.SetGroupLicense("Power BI Users", []AddLicense{{SkuID: "POWER_BI_PRO"}}, nil); err != nil {
		return err
	}
	var members []string
	for i, p := range people {
		if (p.dept == "Finance" || p.dept == "Marketing") && i%30 != 7 && i%40 != 39 {
			members = append(members, p.upn)
		}
	}
	if err := tx.AddGroupMembers("Power BI Users", members); err != nil {
		return err
	}
	if _, err := tx.NewGroup("All Sales"); err != nil {
		return err
	}
	// Admins in each licensing role, a read-only one, and one person who
	// bought Visio for their team with a credit card.
	admins := []struct{ given, surname, role string }{
		{"Lina", "Lopez", LicenseAdministrator},
		{"Uma", "Ueda", UserAdministrator},
		{"Reid", "Reader", GlobalReader},
		{"Bill", "Barnes", BillingAdministrator},
	}
	for _, a := range admins {
		upn := strings.ToLower(a.given+"."+a.surname) + "@" + domain
		if _, err := tx.NewUser(NewUser{UserPrincipalName: upn, DisplayName: a.given + " " + a.surname, GivenName: a.given,
			Surname: a.surname, Department: "IT", JobTitle: a.role, UsageLocation: "US"}); err != nil {
			return err
		}
		if err := tx.AddRoleAssignment(a.role, upn); err != nil {
			return err
		}
		if err := license(upn, "SPE_E3"); err != nil {
			return err
		}
	}
	buyer := people[3].upn
	if _, err := tx.AddSubscription(NewSubscription{Sku: "VISIO_PLAN1_DEPT", Quantity: 5, SelfService: true, PurchasedBy: buyer}); err != nil {
		return fmt.Errorf("demo self-service purchase by %s: %w", buyer, err)
	}
	// Executives' mailboxes are on litigation hold.
	for _, p := range people[:12] {
		if d, err := tx.userDataByUPN(p.upn); err != nil {
			return err
		} else if d.MailboxState == MailboxActive {
			if _, err := tx.SetLitigationHold(p.upn, true); err != nil {
				return err
			}
		}
	}
	// Three people left recently and are in the recycle bin.
	for _, p := range people[len(people)-3:] {
		if _, err := tx.RemoveUser(p.upn); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) userDataByUPN(upn string) (UserData, error) {
	u, err := tx.ResolveUser(upn)
	if err != nil {
		return UserData{}, err
	}
	return tx.userData(u.ID)
}
