package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadFeeds(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{
			file: "testdata/feeds/news.rss",
			want: []string{
				`testdata/feeds/news.rss#item 1 id=` + Hash("https://nieuws.example.org/a/1") + ` src=Example Nieuws date=2023-09-19 lang=nl title=Kabinet presenteert begroting text="Het kabinet heeft dinsdag de begroting gepresenteerd.\n\n\"Dit is een verantwoorde begroting,\" zei de minister van Financiën." warn=[]`,
				`testdata/feeds/news.rss#item 2 id=` + Hash("https://nieuws.example.org/a/2") + ` src=Example Nieuws date= lang=nl title=Alleen een beschrijving text="Eerste regel.\n\nTweede alinea met café." warn=["ignored unreadable date \"not a date\""]`,
				`testdata/feeds/news.rss#item 3 ERR empty document`,
				`testdata/feeds/news.rss#item 4 id=` + Hash("https://nieuws.example.org/a/4") + ` src=Example Nieuws date= lang=nl title=Alleen een guid text="Tekst." warn=[]`,
			},
		},
		{
			file: "testdata/feeds/news.atom",
			want: []string{
				`testdata/feeds/news.atom#item 1 id=` + Hash("https://info.example.fr/greve") + ` src=Exemple Info date=2024-01-02 lang=fr title=Grève à la SNCF text="Les syndicats ont appelé à la grève.\n\n« Nous n'avons pas le choix », a déclaré un responsable." warn=[]`,
			},
		},
		{
			file: "testdata/feeds/news.rdf",
			want: []string{
				`testdata/feeds/news.rdf#item 1 id=` + Hash("https://noticias.example.es/1") + ` src=Noticias Ejemplo date=2024-02-20 lang=es title=El Gobierno aprueba el plan text="El Consejo de Ministros aprobó el martes el plan de vivienda." warn=[]`,
			},
		},
		{
			file: "testdata/feeds/news.json",
			want: []string{
				`testdata/feeds/news.json#item 1 id=` + Hash("https://nachrichten.example.de/1") + ` src=Beispiel Nachrichten date=2024-05-06 lang=de title=Regierung plant Reform text="Die Regierung plant eine Reform.\n\nDie Opposition ist dagegen." warn=[]`,
				`testdata/feeds/news.json#item 2 id=` + Hash("Nur Text.\n\nZweiter Absatz.") + ` src=Beispiel Nachrichten date= lang=de title= text="Nur Text.\n\nZweiter Absatz." warn=[]`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			items := collect(t, []string{tt.file}, "", Options{})
			for _, it := range items {
				if it.Article != nil {
					checkText(t, it.Article.Text)
				}
			}
			if diff := cmp.Diff(tt.want, summary(items)); diff != "" {
				t.Errorf("Read(%s) mismatch (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}
