package tenant
import "testing"
func TestPeek(t *testing.T) {
	s := seeded(t)
	for _, p := range must[[]Product](t)(s.Products(ctx)) { t.Logf("%-22s total=%d warn=%d assigned=%d avail=%d ss=%v", p.PartNumber, p.Total, p.Warning, p.Assigned, p.Available, p.SelfService) }
	t.Log(len(must[[]User](t)(s.Users(ctx, UserFilter{Unlicensed: true}))), len(must[[]User](t)(s.Users(ctx, UserFilter{NoUsageLocation: true}))))
}
