// Imports the standard packages submissions commonly use, so that the pre-warmed
// GOCACHE (read-only in the sandbox) already holds them compiled.
package main

import (
	"bufio"
	"container/heap"
	"container/list"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"math/rand"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

var _ = heap.Init
var _ = list.New
var _ = math.Abs
var _ = big.NewInt
var _ = bits.Len
var _ = rand.Intn
var _ = sort.Ints
var _ = strconv.Itoa
var _ = strings.Fields
var _ = unicode.IsDigit

func main() {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintln(w, "warm")
}
