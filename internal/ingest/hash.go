package ingest

import (
	"crypto/sha256"
	"encoding/hex"
)

// Hash returns a short stable id for a document without a name of its own:
// the first 64 bits of the SHA-256 of text (its URL when it has one), in hex.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:8])
}
