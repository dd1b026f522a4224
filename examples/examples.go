// Package examples embeds the bundled example articles (articles/*.txt,
// fictional, CC0) that "newsgraph serve --demo" ingests and the browser
// test uses.
package examples

import "embed"

// Articles holds articles/*.txt, dateline article files (SCHEMA.md §1).
//
//go:embed articles/*.txt
var Articles embed.FS
