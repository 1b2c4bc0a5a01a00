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
//	read-oracle typed   the case is a file read as in `yaml`; then every workload object in it (Pod,
//	                    Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job,
//	                    CronJob, PodTemplate; the items of a *List too) is decoded into its typed API
//	                    object as the API server decodes a request body (the UniversalDeserializer
//	                    of a scheme with k8s.io/api core/v1, apps/v1 and batch/v1: sigs.k8s.io/json,
//	                    case-sensitive, unknown fields dropped, no defaulting) and written back with
//	                    encoding/json. Prints {"id", "objects": [{"kind", "json"} or {"kind",
//	                    "error"}...]} or {"id", "error"} when the file itself cannot be read.
//	read-oracle image   the case is an image reference parsed with github.com/distribution/reference
//	                    ParseNormalizedNamed, as kubelet parses a container's image (containerd's
//	                    ParseDockerRef starts the same way). Prints {"id", "domain", "path", "tag",
//	                    "digest"} or {"id", "error"}.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	// kubelet and containerd link these; go-digest accepts sha256 and sha512 digests only when
	// the hash is linked in.
	_ "crypto/sha256"
	_ "crypto/sha512"

	"github.com/distribution/reference"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/yaml"
)

type input struct {
	ID  string `json:"id"`
	B64 string `json:"b64"`
}

type output struct {
	ID      string            `json:"id"`
	Docs    []json.RawMessage `json:"docs,omitempty"`
	B64     *string           `json:"b64,omitempty"`
	Objects []typedObject     `json:"objects,omitempty"`
	Image   *imageReference   `json:"image,omitempty"`
	Error   string            `json:"error,omitempty"`
}

type typedObject struct {
	Kind  string          `json:"kind"`
	JSON  json.RawMessage `json:"json,omitempty"`
	Error string          `json:"error,omitempty"`
}

type imageReference struct {
	Domain string `json:"domain"`
	Path   string `json:"path"`
	Tag    string `json:"tag"`
	Digest string `json:"digest"`
}

var modes = map[string]bool{"yaml": true, "base64": true, "typed": true, "image": true}

func main() {
	if len(os.Args) != 2 || !modes[os.Args[1]] {
		fmt.Fprintln(os.Stderr, "usage: read-oracle yaml|base64|typed|image < cases.jsonl")
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
		switch mode {
		case "yaml":
			result.Docs, err = readManifests(raw)
			if result.Docs == nil {
				result.Docs = []json.RawMessage{}
			}
		case "base64":
			var decoded []byte
			decoded, err = base64.StdEncoding.DecodeString(string(raw))
			if err == nil {
				s := base64.StdEncoding.EncodeToString(decoded)
				result.B64 = &s
			}
		case "typed":
			var docs []json.RawMessage
			docs, err = readManifests(raw)
			if err == nil {
				result.Objects = decodeWorkloads(docs)
				if result.Objects == nil {
					result.Objects = []typedObject{}
				}
			}
		case "image":
			result.Image, err = parseImage(string(raw))
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

var workloadKinds = map[string]bool{
	"Pod": true, "Deployment": true, "ReplicaSet": true, "StatefulSet": true, "DaemonSet": true,
	"ReplicationController": true, "Job": true, "CronJob": true, "PodTemplate": true,
}

var typedDecoder = func() runtime.Decoder {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	return serializer.NewCodecFactory(scheme).UniversalDeserializer()
}()

// decodeWorkloads decodes every workload object of the documents (and of their *List items) into
// its typed object and writes that back as JSON; other kinds are passed over, as Bulwark's scan
// passes them over.
func decodeWorkloads(docs []json.RawMessage) []typedObject {
	var objects []typedObject
	for _, doc := range docs {
		var head struct {
			Kind  string            `json:"kind"`
			Items []json.RawMessage `json:"items"`
		}
		// A document whose kind or items cannot be read this way is not a workload for the scan.
		_ = json.Unmarshal(doc, &head)
		raws := []json.RawMessage{doc}
		if strings.HasSuffix(head.Kind, "List") && head.Items != nil {
			raws = head.Items
		}
		for _, raw := range raws {
			var kind struct {
				Kind string `json:"kind"`
			}
			_ = json.Unmarshal(raw, &kind)
			if !workloadKinds[kind.Kind] {
				continue
			}
			objects = append(objects, decodeTyped(kind.Kind, raw))
		}
	}
	return objects
}

func decodeTyped(kind string, raw []byte) (result typedObject) {
	result.Kind = kind
	defer func() {
		if r := recover(); r != nil {
			result = typedObject{Kind: kind, Error: fmt.Sprintf("panic: %v", r)}
		}
	}()
	obj, _, err := typedDecoder.Decode(raw, nil, nil)
	if err != nil {
		result.Error = err.Error()
		return
	}
	out, err := json.Marshal(obj)
	if err != nil {
		result.Error = "cannot write back: " + err.Error()
		return
	}
	result.JSON = out
	return
}

func parseImage(s string) (*imageReference, error) {
	named, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		return nil, err
	}
	image := &imageReference{Domain: reference.Domain(named), Path: reference.Path(named)}
	if tagged, ok := named.(reference.Tagged); ok {
		image.Tag = tagged.Tag()
	}
	if digested, ok := named.(reference.Digested); ok {
		image.Digest = digested.Digest().String()
	}
	return image, nil
}
