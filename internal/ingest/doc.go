// Package ingest reads news documents in their many forms and turns each
// into an *article.Article with a clean, final UTF-8 body.
//
// Inputs, by extension or else by sniffing the first KB:
//
//	.txt              a dateline article (SCHEMA.md §1) or plain text; a file
//	                  whose lines are all http(s) URLs is a list of inputs
//	.jsonl .ndjson    one JSON object per line (id, title, date, source, url,
//	(.gz)             lang, text); a bad line is an error item "file:LINE"
//	.xml .rss .atom   RSS, Atom or JSON Feed: one article per item ("#item N")
//	.html .htm        a page, through readability
//	.warc .warc.gz    every HTML 200 response record ("#record N")
//	http(s)://…       fetched with a timeout and a size cap, then as above
//	a directory       every file of a known kind, recursively, in lexical
//	                  order, hidden files skipped (.json is left out here:
//	                  gold files live next to articles)
//	-                 standard input, sniffed
//
// Every body goes through the same normalisation: no BOM, LF line ends,
// valid UTF-8 (repairs are warned about), NFC, no trailing spaces, one blank
// line between paragraphs. The body that leaves this package is the Text
// every later stage indexes with byte offsets, so it never changes after
// ingest. A bad input never stops a batch: Read yields it as an Item with an
// error and goes on.
package ingest
