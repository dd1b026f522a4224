package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"

	"github.com/newsgraph/newsgraph/internal/server"
	"github.com/newsgraph/newsgraph/internal/server/servertest"
)

func Example() {
	st, err := servertest.Load(context.Background())
	if err != nil {
		panic(err)
	}
	ts := httptest.NewServer(server.New(st, nil, server.Options{}))
	defer ts.Close()
	for _, path := range []string{"/api/quotes?speaker=Piet+de+Wit&q=haven&limit=1", "/api/search?from=soon"} {
		res, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			panic(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Printf("%d %.90s\n", res.StatusCode, body)
	}
	// Output:
	// 200 {"total":1,"hits":[{"id":"q2","kind":"direct","content":"Wij bouwen de haven,","start":81,
	// 400 {"error":"invalid query: parameter from=\"soon\": want a date YYYY, YYYY-MM or YYYY-MM-DD"
}
