package main

// The benches' one percentile (nearest rank) of already sorted figures; -1 when there are none.
func percentile[T int64 | float64](sorted []T, p float64) T {
	if len(sorted) == 0 {
		return -1
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i]
}
