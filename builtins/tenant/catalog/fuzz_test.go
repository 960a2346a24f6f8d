package catalog

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadCSV checks that no input makes ReadCSV panic, that every error
// names the file, and that whatever it accepts is a consistent catalog that
// survives WriteCSV and ReadCSV unchanged.
func FuzzReadCSV(f *testing.F) {
	f.Add(header + e5Exo + e5Teams + e3Exo)
	f.Add("\xEF\xBB\xBF" + strings.ReplaceAll(header+e5Exo+e3Exo, "\n", "\r\n"))
	f.Add(header + `"Name, with comma",PN,{06EBC4EE-1BB5-47DD-8120-11324BC54E06}` + "\u00a0,,,\n")
	f.Add(header + "\"Microsoft\n365\",SPE_E5,06ebc4ee-1bb5-47dd-8120-11324bc54e06,A,efb87545-963c-4e0d-99df-69c6916d9eb0,\"x\"\"y\"\n")
	f.Add("GUID,String_Id,Service_Plan_Id,Product_Display_Name,Service_Plan_Name,Service_Plans_Included_Friendly_Names\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ReadCSV(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		products := c.Products()
		if c.Len() == 0 || c.Len() != len(products) {
			t.Fatalf("Len() = %d with %d products", c.Len(), len(products))
		}
		for _, p := range products {
			if g, ok := NormalizeGUID(p.SkuID); !ok || g != p.SkuID {
				t.Fatalf("SkuID %q is not a lower-case GUID", p.SkuID)
			}
			if got, ok := c.ByID(p.SkuID); !ok || !reflect.DeepEqual(got, p) {
				t.Fatalf("ByID(%q) = %+v, %v", p.SkuID, got, ok)
			}
			if !containsID(c.ByPartNumber(p.PartNumber), p.SkuID) || !containsID(c.ByName(p.Name), p.SkuID) {
				t.Fatalf("product %+v not found by its part number or name", p)
			}
			for _, pl := range p.Plans {
				if g, ok := NormalizeGUID(pl.ID); !ok || g != pl.ID {
					t.Fatalf("plan id %q is not a lower-case GUID", pl.ID)
				}
			}
		}
		var buf bytes.Buffer
		if err := c.WriteCSV(&buf); err != nil {
			t.Fatalf("WriteCSV: %v", err)
		}
		back, err := ReadCSV(&buf, "written.csv")
		if err != nil {
			t.Fatalf("ReadCSV(WriteCSV output): %v\n%q", err, buf.String())
		}
		if !reflect.DeepEqual(back.Products(), products) {
			t.Fatalf("round trip changed the catalog:\n got %+v\nwant %+v", back.Products(), products)
		}
	})
}

func containsID(ps []Product, id string) bool {
	for _, p := range ps {
		if p.SkuID == id {
			return true
		}
	}
	return false
}
