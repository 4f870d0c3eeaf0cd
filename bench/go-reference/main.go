// Command tlog-reference measures golang.org/x/mod/sumdb/tlog building a Merkle tree: for each
// leaf it calls tlog.StoredHashes (leaf hash plus every new interior hash) against an in-memory
// hash store, as a log built on that package does. It prints one line of key=value pairs.
//
// The tree is the golden one: leaf i is the 8-byte big-endian i repeated 8 times (64 bytes).
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"sort"
	"syscall"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// memoryStore is the stored hashes in tlog's stored-hash-index order.
type memoryStore []tlog.Hash

func (s *memoryStore) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		out[i] = (*s)[x]
	}
	return out, nil
}

// cpuTime is the CPU time (user + system) this process has used so far, on every thread.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func main() {
	n := flag.Int64("n", 1000000, "number of leaves")
	runs := flag.Int("runs", 3, "number of runs; the median is reported")
	flag.Parse()

	entries := make([][]byte, *n)
	for i := range entries {
		e := make([]byte, 64)
		for j := 0; j < 8; j++ {
			binary.BigEndian.PutUint64(e[8*j:], uint64(i))
		}
		entries[i] = e
	}

	var rates, cpuRates []float64
	var root tlog.Hash
	for r := 0; r < *runs; r++ {
		store := make(memoryStore, 0, tlog.StoredHashCount(*n))
		start, startCPU := time.Now(), cpuTime()
		for i := int64(0); i < *n; i++ {
			hashes, err := tlog.StoredHashes(i, entries[i], &store)
			if err != nil {
				fmt.Fprintln(os.Stderr, "tlog-reference:", err)
				os.Exit(1)
			}
			store = append(store, hashes...)
		}
		elapsed, elapsedCPU := time.Since(start), cpuTime()-startCPU
		rates = append(rates, float64(*n)/elapsed.Seconds())
		cpuRates = append(cpuRates, float64(*n)/elapsedCPU.Seconds())
		h, err := tlog.TreeHash(*n, &store)
		if err != nil {
			fmt.Fprintln(os.Stderr, "tlog-reference:", err)
			os.Exit(1)
		}
		root = h
	}
	sort.Float64s(rates)
	sort.Float64s(cpuRates)
	fmt.Printf("leaves=%d runs=%d leaves_per_second=%.0f leaves_per_cpu_second=%.0f root=%x\n",
		*n, *runs, rates[len(rates)/2], cpuRates[len(cpuRates)/2], root[:])
}
