// Command read-oracle reads input the way kubectl and kubeseal do, for Bulwark's differential
// tests (src/test/java/dev/bulwark/scan/KubernetesYamlDifferentialTest.java and
// src/test/java/dev/bulwark/seal/GoBase64DifferentialTest.java).
//
// Input on stdin: one JSON object per line, {"id": "...", "b64": "<standard base64 of the case>"}.
// Output on stdout: one JSON object per line, in the same order.
//
//	read-oracle yaml    the case is a file: it is read as `kubectl apply -f` reads files
//	                    (resource.FileVisitor strips a byte-order mark, then StreamVisitor reads
//	                    documents with k8s.io/apimachinery/pkg/util/yaml.NewYAMLOrJSONDecoder,
//	                    which converts each YAML document to JSON with sigs.k8s.io/yaml and skips
//	                    empty and null documents). Prints {"id", "docs": [JSON...]} or {"id", "error"}.
//	read-oracle base64  the case is a string decoded with encoding/base64 StdEncoding, as Secret
//	                    data and SealedSecret encryptedData are. Prints {"id", "b64": "<re-encoded>"}
//	                    or {"id", "error"}.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/yaml"
)

type input struct {
	ID  string `json:"id"`
	B64 string `json:"b64"`
}

type output struct {
	ID    string            `json:"id"`
	Docs  []json.RawMessage `json:"docs,omitempty"`
	B64   *string           `json:"b64,omitempty"`
	Error string            `json:"error,omitempty"`
}

func main() {
	if len(os.Args) != 2 || (os.Args[1] != "yaml" && os.Args[1] != "base64") {
		fmt.Fprintln(os.Stderr, "usage: read-oracle yaml|base64 < cases.jsonl")
		os.Exit(2)
	}
	mode := os.Args[1]
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	encoder.SetEscapeHTML(false)
	decoder := json.NewDecoder(in)
	for {
		var c input
		if err := decoder.Decode(&c); err == io.EOF {
			return
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "read-oracle: bad input line:", err)
			os.Exit(2)
		}
		raw, err := base64.StdEncoding.DecodeString(c.B64)
		if err != nil {
			fmt.Fprintln(os.Stderr, "read-oracle: bad b64 in case", c.ID, err)
			os.Exit(2)
		}
		result := output{ID: c.ID}
		if mode == "yaml" {
			result.Docs, err = readManifests(raw)
			if result.Docs == nil {
				result.Docs = []json.RawMessage{}
			}
		} else {
			var decoded []byte
			decoded, err = base64.StdEncoding.DecodeString(string(raw))
			if err == nil {
				s := base64.StdEncoding.EncodeToString(decoded)
				result.B64 = &s
			}
		}
		if err != nil {
			result = output{ID: c.ID, Error: err.Error()}
		}
		if err := encoder.Encode(result); err != nil {
			fmt.Fprintln(os.Stderr, "read-oracle:", err)
			os.Exit(2)
		}
	}
}

// readManifests follows k8s.io/cli-runtime/pkg/resource FileVisitor and StreamVisitor.
func readManifests(raw []byte) (docs []json.RawMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	reader := transform.NewReader(bytes.NewReader(raw), unicode.BOMOverride(unicode.UTF8.NewDecoder()))
	d := yaml.NewYAMLOrJSONDecoder(reader, 4096)
	for {
		ext := runtime.RawExtension{}
		if err := d.Decode(&ext); err != nil {
			if err == io.EOF {
				return docs, nil
			}
			return nil, err
		}
		ext.Raw = bytes.TrimSpace(ext.Raw)
		if len(ext.Raw) == 0 || bytes.Equal(ext.Raw, []byte("null")) {
			continue
		}
		docs = append(docs, json.RawMessage(ext.Raw))
	}
}
