package main

// writeParse turns parse_test.go's parseTests and errorTests into requests: each input is
// parsed (and, when that succeeds, executed with no data) under the name of its test, through
// go_template_funcs, which has the printf and contains functions the parse tests assume.
func writeParse(parseTest, outDir string) {
	g := load(parseTest)
	w := create(outDir+"/parse.in.jsonl", `
text/template parse/parse_test.go: parseTests and errorTests, parsed (and executed with nil
data when they parse) as templates named after the test, as in Go's tests.`)
	for _, table := range []string{"parseTests", "errorTests"} {
		for _, row := range g.rows(table) {
			name, _ := g.str(row.Elts[0])
			input, ok := g.str(row.Elts[1])
			if !ok {
				panic("parse input " + name)
			}
			w.add(table+"/"+name, map[string]any{
				"op":        "go_template_funcs",
				"templates": []map[string]string{{"name": name, "text": input}},
			})
		}
	}
	w.close("parse")
}
