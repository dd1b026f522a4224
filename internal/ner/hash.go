package ner

// The feature hash must not change between versions: saved models index
// their weight tables with it. It is FNV-1a over bytes, finished with the
// SplitMix64 mixer, which is fast, stable and well spread.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	golden    = 0x9E3779B97F4A7C15
)

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return mix(h)
}

func hashBytes(b []byte) uint64 {
	h := uint64(fnvOffset)
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return mix(h)
}

func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}

// feat hashes template t with one atom.
func feat(t int, a uint64) uint64 { return mix(a + uint64(t+1)*golden) }

// feat2 hashes template t with two atoms.
func feat2(t int, a, b uint64) uint64 { return mix(mix(a+uint64(t+1)*golden) ^ b) }

// feat3 hashes template t with three atoms.
func feat3(t int, a, b, c uint64) uint64 { return mix(mix(mix(a+uint64(t+1)*golden)^b) ^ c) }
