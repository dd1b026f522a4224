package storesql

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/article"
)

func TestMentionsCodec(t *testing.T) {
	text := "Anna de Wit zei dat zij komt."
	ms := []article.Mention{
		{Start: 0, End: 11, Text: "Anna de Wit", Kind: article.MentionName},
		{Start: 20, End: 23, Text: "zij", Kind: article.MentionPronoun},
		{Start: 0, End: 4, Text: "ANNA", Kind: article.MentionName}, // text differs from the span
		{Start: 5, End: 5, Text: "", Kind: ""},
	}
	enc, err := EncodeMentions(text, ms)
	if err != nil {
		t.Fatal(err)
	}
	if want := `[[0,11],[20,23,"pronoun"],[0,4,"name","ANNA"],[5,5,""]]`; enc != want {
		t.Errorf("EncodeMentions = %s, want %s", enc, want)
	}
	got, err := DecodeMentions(text, enc)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ms, got); diff != "" {
		t.Errorf("mentions round trip (-want +got):\n%s", diff)
	}
	for _, bad := range []string{`x`, `[[1]]`, `[[5,2]]`, `[[0,999]]`, `[["a",1]]`} {
		if _, err := DecodeMentions(text, bad); err == nil {
			t.Errorf("DecodeMentions(%s) = nil error", bad)
		}
	}
}
