package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// newSite serves the test pages: an article, a feed linking to it, text, a
// slow page, a failing page and a big one.
func newSite(t *testing.T) *httptest.Server {
	t.Helper()
	page, err := os.ReadFile("testdata/pages/news/source.html")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("GET /article", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("GET /feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Site</title><language>en</language>
<item><title>Fish</title><link>%[1]s/article</link><description>Teaser only.</description></item>
<item><title>Gone</title><link>/fail</link><description>Teaser of a lost page.</description></item>
</channel></rss>`, srv.URL)
	})
	mux.HandleFunc("GET /plain", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("date 2023-03 Kyiv\r\n\r\nWire\r\n\r\nPlain body.\r\n"))
	})
	mux.HandleFunc("GET /latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
		w.Write([]byte("Caf\xe9 cr\xe8me."))
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("GET /stall", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><p>The start of a page"))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("GET /fail", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("GET /big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", "4000")
		w.Write([]byte(strings.Repeat("a", 4000)))
	})
	mux.HandleFunc("GET /bigchunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for range 4 {
			w.Write([]byte(strings.Repeat("a", 1000)))
			w.(http.Flusher).Flush()
		}
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestReadURLs(t *testing.T) {
	srv := newSite(t)
	u := srv.URL
	tests := []struct {
		name   string
		inputs []string
		opt    Options
		want   []string
	}{
		{
			name:   "page",
			inputs: []string{u + "/article"},
			want:   []string{u + "/article id=" + Hash(u+"/article") + ` src=Example News date=2024-03-12 lang=en title=Talks stall on fishing subsidies text="Negotiators at the World Trade Organization failed on Tuesday to agree on new curbs on fishing subsidies, with several delegations saying the talks could drag on into next year.\n\n\"We are not there yet,\" the chair of the talks, Ambassador Einar Gunnarsson, told reporters in Geneva. He said the gaps were \"narrower than ever\" but that several members still had concerns.\n\nIndia's trade minister said his country would not accept rules that harm small fishers, and that the talks should take the time they need.\n\nThe next round of talks is set for June, when ministers meet again in Geneva to take stock of the negotiations." warn=[]`},
		},
		{
			name:   "plain text",
			inputs: []string{u + "/plain"},
			want:   []string{u + "/plain id=" + Hash(u+"/plain") + ` src=Wire date=2023-03 lang= title= text="Plain body." warn=[]`},
		},
		{
			name:   "declared charset",
			inputs: []string{u + "/latin1"},
			want:   []string{u + "/latin1 id=" + Hash(u+"/latin1") + ` src= date= lang= title= text="Café crème." warn=[]`},
		},
		{
			name:   "500",
			inputs: []string{u + "/fail", u + "/plain"},
			want: []string{
				u + "/fail ERR GET " + u + "/fail: 500 Internal Server Error",
				u + "/plain id=" + Hash(u+"/plain") + ` src=Wire date=2023-03 lang= title= text="Plain body." warn=[]`,
			},
		},
		{
			name:   "timeout",
			inputs: []string{u + "/slow"},
			opt:    Options{Timeout: 100 * time.Millisecond},
			want:   []string{u + "/slow ERR GET " + u + "/slow: timed out after 100ms"},
		},
		{
			name:   "stalled body",
			inputs: []string{u + "/stall"},
			opt:    Options{Timeout: 100 * time.Millisecond},
			want:   []string{u + "/stall ERR GET " + u + "/stall: timed out after 100ms reading the body"},
		},
		{
			name:   "too big",
			inputs: []string{u + "/big", u + "/bigchunked"},
			opt:    Options{MaxBytes: 1000},
			want: []string{
				u + "/big ERR document is 3.9 KiB, over the 1000 B limit",
				u + "/bigchunked ERR document is over the 1000 B limit",
			},
		},
		{
			name:   "feed",
			inputs: []string{u + "/feed"},
			want: []string{
				u + "/feed#item 1 id=" + Hash(u+"/article") + ` src=Site date= lang=en title=Fish text="Teaser only." warn=[]`,
				u + "/feed#item 2 id=" + Hash(u+"/fail") + ` src=Site date= lang=en title=Gone text="Teaser of a lost page." warn=[]`,
			},
		},
		{
			name:   "feed with pages",
			inputs: []string{u + "/feed"},
			opt:    Options{FetchPages: true},
			want: []string{
				u + "/feed#item 1 id=" + Hash(u+"/article") + ` src=Site date=2024-03-12 lang=en title=Fish text="Negotiators at the World Trade Organization failed on Tuesday to agree on new curbs on fishing subsidies, with several delegations saying the talks could drag on into next year.\n\n\"We are not there yet,\" the chair of the talks, Ambassador Einar Gunnarsson, told reporters in Geneva. He said the gaps were \"narrower than ever\" but that several members still had concerns.\n\nIndia's trade minister said his country would not accept rules that harm small fishers, and that the talks should take the time they need.\n\nThe next round of talks is set for June, when ministers meet again in Geneva to take stock of the negotiations." warn=[]`,
				u + "/feed#item 2 id=" + Hash(u+"/fail") + ` src=Site date= lang=en title=Gone text="Teaser of a lost page." warn=["kept the feed's text: page ` + u + `/fail: GET ` + u + `/fail: 500 Internal Server Error"]`,
			},
		},
		{
			name:   "unreachable",
			inputs: []string{"http://127.0.0.1:1/x"},
			want:   []string{"http://127.0.0.1:1/x ERR GET http://127.0.0.1:1/x: dial tcp 127.0.0.1:1: connect: connection refused"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(collect(t, tt.inputs, "", tt.opt))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Read(%q) mismatch (-want +got):\n%s", tt.inputs, diff)
			}
		})
	}
}

func TestReadURLList(t *testing.T) {
	srv := newSite(t)
	list := "# sources for today\n\n" + srv.URL + "/plain\r\n" + srv.URL + "/fail\n  " + srv.URL + "/plain  \n"
	dir := writeFiles(t, map[string]string{"list.txt": list})
	got := summary(collect(t, []string{filepath.Join(dir, "list.txt")}, "", Options{}))
	ok := srv.URL + "/plain id=" + Hash(srv.URL+"/plain") + ` src=Wire date=2023-03 lang= title= text="Plain body." warn=[]`
	want := []string{ok, srv.URL + "/fail ERR GET " + srv.URL + "/fail: 500 Internal Server Error", ok}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read(list.txt) mismatch (-want +got):\n%s", diff)
	}
}

// TestReadCancelDuringFetch checks that a cancelled read reports the
// cancellation once and stops.
func TestReadCancelDuringFetch(t *testing.T) {
	srv := newSite(t)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	var got []Item
	for it := range Read(ctx, []string{srv.URL + "/slow", srv.URL + "/plain"}, nil, Options{}) {
		got = append(got, it)
	}
	if len(got) != 1 || !errors.Is(got[0].Err, context.DeadlineExceeded) {
		t.Errorf("Read after the deadline = %q, want one item with the deadline error", summary(got))
	}
}

// TestReadURLStreams reads a WARC file and a JSONL file over HTTP that are
// larger than MaxBytes: they stream, record by record, and only a record
// over the limit fails.
func TestReadURLStreams(t *testing.T) {
	recs := testRecords(t)
	recs = append(recs, recs...) // 14 records, each under 2 KB
	warc, err := os.ReadFile(writeWARC(t, t.TempDir(), "big.warc.gz", true, recs))
	if err != nil {
		t.Fatal(err)
	}
	jsonl := strings.Repeat(`{"text": "A line of news."}`+"\n", 200)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /crawl.warc.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(warc)
	})
	mux.HandleFunc("GET /docs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.Write([]byte(jsonl))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	opt := Options{MaxBytes: 2500}
	if int64(len(warc)) <= opt.MaxBytes || int64(len(jsonl)) <= opt.MaxBytes {
		t.Fatalf("test files too small: %d and %d bytes", len(warc), len(jsonl))
	}
	items := collect(t, []string{srv.URL + "/crawl.warc.gz"}, "", opt)
	articles := 0
	for _, it := range items {
		if it.Article != nil {
			articles++
		}
	}
	if len(items) != 6 || articles != 4 {
		t.Errorf("Read(crawl.warc.gz) = %q, want 6 items of which 4 articles", shortSummary(items))
	}
	items = collect(t, []string{srv.URL + "/docs"}, "", opt)
	if len(items) != 200 || items[199].Article == nil || items[199].Name != srv.URL+"/docs:200" {
		t.Errorf("Read(/docs) = %d items, want 200 articles, the last named /docs:200", len(items))
	}
}
