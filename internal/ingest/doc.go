// Package ingest reads news documents in their many forms (dateline article
// files, plain text, JSONL, RSS/Atom/JSON feeds, HTML pages, WARC crawls and
// http(s) URLs) and turns each into an *article.Article with a clean,
// final UTF-8 body.
//
// Every input goes through the same normalisation (see Normalize): the body
// that leaves this package is the Text every later stage indexes with byte
// offsets, so it never changes after ingest. A bad input never stops a batch:
// Read yields it as an Item with an error and goes on.
package ingest
