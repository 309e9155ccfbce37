package savefile

import (
	"fmt"
	"testing"
)

// BenchmarkWrite receives 64 MiB through a File in writes of a
// switchboard chunk (1202 bytes) and of 64 KiB, Create to Commit (the
// fsync included), and reports MB/s.
func BenchmarkWrite(b *testing.B) {
	const size = 64 << 20
	for _, chunk := range []int{1202, 64 << 10} {
		b.Run(fmt.Sprintf("write=%d", chunk), func(b *testing.B) {
			data := content(chunk)
			d := Dir{Path: b.TempDir(), Overwrite: true}
			b.SetBytes(size)
			for b.Loop() {
				f, err := d.Create("bench.bin", size)
				if err != nil {
					b.Fatal(err)
				}
				for rest := size; rest > 0; rest -= min(chunk, rest) {
					if _, err := f.Write(data[:min(chunk, rest)]); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := f.Commit(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
