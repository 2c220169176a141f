// Command junit converts `go test -json` events (stdin) into JUnit XML (stdout), or with -text
// prints the plain test output. Do not edit: restored before grading.
package main

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

type failure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

type testCase struct {
	Name      string    `xml:"name,attr"`
	Classname string    `xml:"classname,attr"`
	Time      string    `xml:"time,attr"`
	Failure   *failure  `xml:"failure,omitempty"`
	Skipped   *struct{} `xml:"skipped,omitempty"`
}

type suite struct {
	XMLName xml.Name   `xml:"testsuite"`
	Name    string     `xml:"name,attr"`
	Cases   []testCase `xml:"testcase"`
}

type suites struct {
	XMLName xml.Name `xml:"testsuites"`
	Suites  []suite  `xml:"testsuite"`
}

func main() {
	text := flag.Bool("text", false, "print the test output instead of XML")
	flag.Parse()
	output := map[string]*strings.Builder{}
	results := map[string]map[string]testCase{}
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for scanner.Scan() {
		var e event
		if json.Unmarshal(scanner.Bytes(), &e) != nil {
			continue
		}
		if *text && e.Action == "output" {
			fmt.Print(e.Output)
		}
		if e.Test == "" {
			continue
		}
		key := e.Package + "\x00" + e.Test
		if output[key] == nil {
			output[key] = &strings.Builder{}
		}
		if results[e.Package] == nil {
			results[e.Package] = map[string]testCase{}
		}
		c := testCase{Name: e.Test, Classname: e.Package, Time: fmt.Sprintf("%.3f", e.Elapsed)}
		switch e.Action {
		case "output":
			output[key].WriteString(e.Output)
		case "pass":
			results[e.Package][e.Test] = c
		case "fail":
			c.Failure = &failure{Message: "failed", Text: output[key].String()}
			results[e.Package][e.Test] = c
		case "skip":
			c.Skipped = &struct{}{}
			results[e.Package][e.Test] = c
		}
	}
	if *text {
		return
	}
	var doc suites
	packages := make([]string, 0, len(results))
	for p := range results {
		packages = append(packages, p)
	}
	sort.Strings(packages)
	for _, p := range packages {
		s := suite{Name: p}
		for _, c := range results[p] {
			s.Cases = append(s.Cases, c)
		}
		sort.Slice(s.Cases, func(i, j int) bool { return s.Cases[i].Name < s.Cases[j].Name })
		doc.Suites = append(doc.Suites, s)
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(xml.Header + string(out))
}
