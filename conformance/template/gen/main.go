// Command template-vectors writes rudder's text/template and fmt conformance requests
// (conformance/template/*.in.jsonl, conformance/fmt/*.in.jsonl) from the test tables of the Go
// toolchain that runs it (Go 1.26: src/text/template and src/fmt), so the vectors follow Go's
// own tests. Only the requests are written; the expected outputs come from the oracle:
//
//	(cd conformance/template/gen && go run .) && tools/conformance-regen.sh conformance/template conformance/fmt
//
// Inputs are taken verbatim from Go's tables. The data those tests use is often a Go struct
// with methods (exec_test.go's T); the oracle's typed encoding expresses maps, slices and
// scalars only, so each data expression is replaced by the closest typed value (see
// dataFor). Rows therefore test rudder against Go on the same input and the substituted data;
// what the substitution changes is listed in conformance/template/README.md.
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	goroot := strings.TrimSpace(run("go", "env", "GOROOT"))
	out := filepath.Join("..")
	fmtOut := filepath.Join("..", "..", "fmt")
	if err := os.MkdirAll(fmtOut, 0o755); err != nil {
		panic(err)
	}
	tmpl := filepath.Join(goroot, "src", "text", "template")
	writeExec(filepath.Join(tmpl, "exec_test.go"), filepath.Join(tmpl, "multi_test.go"), out)
	writeParse(filepath.Join(tmpl, "parse", "parse_test.go"), out)
	writeFmt(filepath.Join(goroot, "src", "fmt", "fmt_test.go"), fmtOut)
}

func run(name string, args ...string) string {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		panic(fmt.Sprintf("%s %v: %v", name, args, err))
	}
	return string(b)
}

// --- Writing requests --------------------------------------------------------------------

type writer struct {
	f    *os.File
	ids  map[string]int
	rows int
}

func create(path, header string) *writer {
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(header), "\n") {
		fmt.Fprintf(f, "# %s\n", line)
	}
	return &writer{f: f, ids: map[string]int{}}
}

// add writes one request; the id is made unique within the file.
func (w *writer) add(id string, req map[string]any) {
	w.ids[id]++
	if n := w.ids[id]; n > 1 {
		id = fmt.Sprintf("%s #%d", id, n)
	}
	req["id"] = id
	b, err := json.Marshal(req)
	if err != nil {
		panic(err)
	}
	// Keep "id" and "op" first for readability.
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	var sb strings.Builder
	sb.WriteString(`{"id":` + string(m["id"]) + `,"op":` + string(m["op"]))
	keys := []string{}
	for k := range m {
		if k != "id" && k != "op" {
			keys = append(keys, k)
		}
	}
	sortStrings(keys)
	for _, k := range keys {
		sb.WriteString(`,"` + k + `":` + string(m[k]))
	}
	sb.WriteString("}\n")
	if _, err := w.f.WriteString(sb.String()); err != nil {
		panic(err)
	}
	w.rows++
}

func (w *writer) close(what string) {
	if err := w.f.Close(); err != nil {
		panic(err)
	}
	fmt.Fprintf(os.Stderr, "%s: %d requests\n", what, w.rows)
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func raw(s string) json.RawMessage { return json.RawMessage(s) }

// --- Reading Go's tables -----------------------------------------------------------------

type goFile struct {
	fset   *token.FileSet
	file   *ast.File
	consts map[string]string
}

func load(path string) *goFile {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		panic(err)
	}
	g := &goFile{fset: fset, file: f, consts: map[string]string{}}
	// String constants, for inputs built from them.
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if i < len(vs.Values) {
					if v, ok := g.str(vs.Values[i]); ok {
						g.consts[n.Name] = v
					}
				}
			}
		}
	}
	return g
}

// rows returns the elements of the composite literal assigned to the package variable name.
func (g *goFile) rows(name string) []*ast.CompositeLit {
	var out []*ast.CompositeLit
	ast.Inspect(g.file, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) == 0 || vs.Names[0].Name != name || len(vs.Values) == 0 {
			return true
		}
		for _, e := range vs.Values[0].(*ast.CompositeLit).Elts {
			if cl, ok := e.(*ast.CompositeLit); ok {
				out = append(out, cl)
			}
		}
		return false
	})
	if len(out) == 0 {
		panic("no rows in " + name)
	}
	return out
}

// str evaluates a string expression: literals, constants, concatenations.
func (g *goFile) str(e ast.Expr) (string, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(x.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return "", false
		}
		a, ok1 := g.str(x.X)
		b, ok2 := g.str(x.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return g.str(x.X)
	case *ast.Ident:
		switch x.Name {
		case "bigInt":
			return "0x7fffffffffffffff", true
		case "bigUint":
			return "0x8000000000000000", true
		}
		v, ok := g.consts[x.Name]
		return v, ok
	}
	return "", false
}

func (g *goFile) src(e ast.Expr) string {
	var b strings.Builder
	printer.Fprint(&b, g.fset, e)
	return strings.Join(strings.Fields(b.String()), " ")
}

func (g *goFile) boolean(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && (id.Name == "true" || id.Name == "noError")
}
