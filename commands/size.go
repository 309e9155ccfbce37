package commands

import (
	"strconv"
	"strings"
)

// parseSize reads a byte count such as 1024, 500K, 20M or 2G (powers of
// 1024; a trailing B or iB is allowed: 20MB, 20MiB).
func parseSize(s string) (uint64, error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	v = strings.TrimSuffix(strings.TrimSuffix(v, "B"), "I")
	shift := 0
	if n := len(v); n > 0 {
		if i := strings.IndexByte("KMGT", v[n-1]); i >= 0 {
			shift, v = 10*(i+1), v[:n-1]
		}
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || v == "" || n > (^uint64(0))>>shift {
		return 0, usageError("%q is not a size like 1024, 500K, 20M or 2G", s)
	}
	return n << shift, nil
}
