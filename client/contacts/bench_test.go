package contacts

import (
	"fmt"
	"testing"

	"github.com/msn-cli/msn/client/msnp"
)

// BenchmarkParseSYN1000 reads an MSNP12 list of 1000 contacts in 10
// groups, as the SYN burst brings it.
func BenchmarkParseSYN1000(b *testing.B) {
	var lines []msnp.Command
	for g := 0; g < 10; g++ {
		lines = append(lines, msnp.Command{Name: "LSG", TrID: msnp.NoTrID, Params: []string{fmt.Sprintf("Group%%20%d", g), fmt.Sprintf("00000000-0000-0000-0001-%012d", g)}})
	}
	for i := 0; i < 1000; i++ {
		lines = append(lines, msnp.Command{Name: "LST", TrID: msnp.NoTrID, Params: []string{
			fmt.Sprintf("N=user%04d@example.com", i), fmt.Sprintf("F=User%%20%d", i),
			fmt.Sprintf("C=%08d-0000-0000-0002-000000000000", i), "11", "1", fmt.Sprintf("00000000-0000-0000-0001-%012d", i%10)}})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if l := parseSYN(lines); len(l.Contacts) != 1000 {
			b.Fatal(len(l.Contacts))
		}
	}
}
