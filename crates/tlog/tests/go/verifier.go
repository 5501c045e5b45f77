// Independent verifier for tuanthu's log, built on Go's
// golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog (Debian
// package golang-golang-x-mod-dev). Built offline in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o verifier verifier.go
//
// It opens the checkpoint with note.Open, reads the C2SP tiles through
// tlog.TileHashReader (which authenticates every tile against the signed
// root), hashes every entry of every bundle with tlog.RecordHash and
// compares, recomputes tlog.TreeHash, proves and checks inclusion and
// consistency with tlog.ProveRecord/CheckRecord and ProveTree/CheckTree,
// checks proofs produced by the Rust side, and Ed25519 cosignatures
// (C2SP tlog-cosignature, cosignature/v1).
package main

import (
	"bufio"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var (
	dir      = flag.String("dir", "", "log directory")
	url      = flag.String("url", "", "log URL")
	vkey     = flag.String("key", "", "log verifier key")
	oldCp    = flag.String("old", "", "an older checkpoint file (consistency)")
	proofs   = flag.String("proofs", "", "JSON lines of proofs produced by tuanthu")
	wkey     = flag.String("witness-key", "", "a cosigner key (type 0x04) that must have cosigned")
	witnessd = flag.String("cosigned", "", "checkpoint file carrying the cosignature (default: checkpoint)")
)

func fail(format string, args ...interface{}) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}

func get(path string) ([]byte, error) {
	if *dir != "" {
		return os.ReadFile(filepath.Join(*dir, filepath.FromSlash(path)))
	}
	resp, err := http.Get(strings.TrimRight(*url, "/") + "/" + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// c2spPath turns Go's sumdb tile path (tile/8/L/N[.p/W]) into the C2SP one (tile/L/N[.p/W]).
func c2spPath(t tlog.Tile) string {
	return strings.Replace(t.Path(), "tile/8/", "tile/", 1)
}

type reader struct{}

func (reader) Height() int { return 8 }
func (reader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		b, err := get(c2spPath(t))
		if err != nil && t.W < 256 {
			// The partial tile may have been replaced by the full one.
			full := t
			full.W = 256
			if fb, ferr := get(c2spPath(full)); ferr == nil && len(fb) == 256*32 {
				b, err = fb[:t.W*32], nil
			}
		}
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}
func (reader) SaveTiles([]tlog.Tile, [][]byte) {}

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
	text   string
}

func openCheckpoint(msg []byte, v note.Verifier) checkpoint {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		fail("note.Open: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		fail("checkpoint has %d lines", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("checkpoint size: %v", err)
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("checkpoint root: %v", err)
	}
	if lines[0] != v.Name() {
		fail("origin %q != key name %q", lines[0], v.Name())
	}
	return checkpoint{lines[0], size, root, n.Text}
}

func b64hash(s string) tlog.Hash {
	h, err := tlog.ParseHash(s)
	if err != nil {
		fail("hash %q: %v", s, err)
	}
	return h
}

type proofLine struct {
	Type    string   `json:"type"`
	Index   int64    `json:"index"`
	Size    int64    `json:"size"`
	Leaf    string   `json:"leaf"`
	Root    string   `json:"root"`
	Old     int64    `json:"old"`
	New     int64    `json:"new"`
	OldRoot string   `json:"old_root"`
	NewRoot string   `json:"new_root"`
	Proof   []string `json:"proof"`
}

func checkCosignature(text string, msg []byte, key string) int64 {
	parts := strings.SplitN(key, "+", 3)
	if len(parts) != 3 {
		fail("witness key")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) != 33 || raw[0] != 0x04 {
		fail("witness key type")
	}
	h := sha256.New()
	h.Write([]byte(parts[0] + "\n"))
	h.Write(raw)
	id := h.Sum(nil)[:4]
	for _, line := range strings.Split(string(msg), "\n") {
		if !strings.HasPrefix(line, "— "+parts[0]+" ") {
			continue
		}
		sig, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(line, "— "+parts[0]+" "))
		if err != nil || len(sig) != 4+8+64 || string(sig[:4]) != string(id) {
			continue
		}
		ts := binary.BigEndian.Uint64(sig[4:12])
		signed := fmt.Sprintf("cosignature/v1\ntime %d\n%s", ts, text)
		if ed25519.Verify(ed25519.PublicKey(raw[1:]), []byte(signed), sig[12:]) {
			return int64(ts)
		}
		fail("cosignature by %s does not verify", parts[0])
	}
	fail("no cosignature by %s", parts[0])
	return 0
}

func main() {
	flag.Parse()
	v, err := note.NewVerifier(strings.TrimSpace(*vkey))
	if err != nil {
		fail("note.NewVerifier: %v", err)
	}
	msg, err := get("checkpoint")
	if err != nil {
		fail("checkpoint: %v", err)
	}
	cp := openCheckpoint(msg, v)
	tree := tlog.Tree{N: cp.size, Hash: cp.root}
	thr := tlog.TileHashReader(tree, reader{})

	// Every entry of every bundle against the authenticated level-0 hashes.
	entries := int64(0)
	for n := int64(0); n*256 < cp.size; n++ {
		w := cp.size - n*256
		if w > 256 {
			w = 256
		}
		t := tlog.Tile{H: 8, L: -1, N: n, W: int(w)}
		p := strings.Replace(c2spPath(t), "tile/data/", "tile/entries/", 1)
		b, err := get(p)
		if err != nil && w < 256 {
			t.W = 256
			b, err = get(strings.Replace(c2spPath(t), "tile/data/", "tile/entries/", 1))
		}
		if err != nil {
			fail("bundle %s: %v", p, err)
		}
		idx := make([]int64, 0, w)
		var recs []tlog.Hash
		for off := 0; off < len(b) && int64(len(recs)) < w; {
			if off+2 > len(b) {
				fail("bundle %s truncated", p)
			}
			l := int(binary.BigEndian.Uint16(b[off:]))
			if off+2+l > len(b) {
				fail("bundle %s truncated", p)
			}
			recs = append(recs, tlog.RecordHash(b[off+2:off+2+l]))
			idx = append(idx, tlog.StoredHashIndex(0, n*256+int64(len(idx))))
			off += 2 + l
		}
		if int64(len(recs)) != w {
			fail("bundle %s has %d entries, want %d", p, len(recs), w)
		}
		hs, err := thr.ReadHashes(idx)
		if err != nil {
			fail("ReadHashes for bundle %s: %v", p, err)
		}
		for i := range hs {
			if hs[i] != recs[i] {
				fail("entry %d: record hash differs from the tile", n*256+int64(i))
			}
		}
		entries += int64(len(recs))
	}
	th, err := tlog.TreeHash(cp.size, thr)
	if err != nil || th != cp.root {
		fail("TreeHash: %v %v", th, err)
	}

	// Inclusion proofs computed by Go over our tiles.
	incl := 0
	for _, i := range []int64{0, 1, cp.size / 3, cp.size / 2, cp.size - 2, cp.size - 1} {
		if i < 0 || i >= cp.size {
			continue
		}
		p, err := tlog.ProveRecord(cp.size, i, thr)
		if err != nil {
			fail("ProveRecord(%d): %v", i, err)
		}
		hs, err := thr.ReadHashes([]int64{tlog.StoredHashIndex(0, i)})
		if err != nil {
			fail("ReadHashes: %v", err)
		}
		if err := tlog.CheckRecord(p, cp.size, cp.root, i, hs[0]); err != nil {
			fail("CheckRecord(%d): %v", i, err)
		}
		incl++
	}

	cons := 0
	if *oldCp != "" {
		b, err := os.ReadFile(*oldCp)
		if err != nil {
			fail("%v", err)
		}
		old := openCheckpoint(b, v)
		p, err := tlog.ProveTree(cp.size, old.size, thr)
		if err != nil {
			fail("ProveTree: %v", err)
		}
		if err := tlog.CheckTree(p, cp.size, cp.root, old.size, old.root); err != nil {
			fail("CheckTree(old %d): %v", old.size, err)
		}
		cons++
	}

	// Proofs produced by tuanthu (its own HTTP API or library).
	rust := 0
	if *proofs != "" {
		f, err := os.Open(*proofs)
		if err != nil {
			fail("%v", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var pl proofLine
			if err := json.Unmarshal(sc.Bytes(), &pl); err != nil {
				fail("proofs: %v", err)
			}
			var pr []tlog.Hash
			for _, s := range pl.Proof {
				pr = append(pr, b64hash(s))
			}
			switch pl.Type {
			case "inclusion":
				if err := tlog.CheckRecord(tlog.RecordProof(pr), pl.Size, b64hash(pl.Root), pl.Index, b64hash(pl.Leaf)); err != nil {
					fail("tuanthu inclusion proof %d/%d: %v", pl.Index, pl.Size, err)
				}
			case "consistency":
				if err := tlog.CheckTree(tlog.TreeProof(pr), pl.New, b64hash(pl.NewRoot), pl.Old, b64hash(pl.OldRoot)); err != nil {
					fail("tuanthu consistency proof %d→%d: %v", pl.Old, pl.New, err)
				}
			default:
				fail("proof type %q", pl.Type)
			}
			rust++
		}
	}

	cosig := 0
	if *wkey != "" {
		b := msg
		if *witnessd != "" {
			if b, err = os.ReadFile(*witnessd); err != nil {
				fail("%v", err)
			}
		}
		wcp := openCheckpoint(b, v)
		checkCosignature(wcp.text, b, strings.TrimSpace(*wkey))
		cosig++
	}
	fmt.Printf("OK origin=%s size=%d entries=%d inclusion=%d consistency=%d tuanthu_proofs=%d cosignatures=%d\n",
		cp.origin, cp.size, entries, incl, cons, rust, cosig)
}
