// Command psa-go measures upstream's Pod Security evaluator
// (k8s.io/pod-security-admission/policy) on a corpus of pod manifests, for
// comparison with Bulwark's engine on the same corpus (bench/p1.sh).
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"sigs.k8s.io/yaml"
)

func main() {
	corpus := flag.String("corpus", "", "directory of pod manifests (*.yaml), read recursively")
	limit := flag.Int("pods", 4096, "pods to take from the corpus (cycled if it has fewer)")
	warmup := flag.Duration("warmup", 3*time.Second, "warm-up time")
	measure := flag.Duration("measure", 10*time.Second, "measurement time")
	flag.Parse()

	pods, err := load(*corpus, *limit)
	if err != nil {
		fmt.Fprintln(os.Stderr, "psa-go:", err)
		os.Exit(2)
	}
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "psa-go:", err)
		os.Exit(2)
	}
	levels := []api.LevelVersion{
		{Level: api.LevelRestricted, Version: api.LatestVersion()},
		{Level: api.LevelBaseline, Version: api.LatestVersion()},
	}
	refused := 0
	run := func(d time.Duration) (int, time.Duration) {
		evaluations := 0
		start := time.Now()
		for time.Since(start) < d {
			for _, pod := range pods {
				for _, lv := range levels {
					results := evaluator.EvaluatePod(lv, &pod.ObjectMeta, &pod.Spec)
					if !policy.AggregateCheckResults(results).Allowed {
						refused++
					}
					evaluations++
				}
			}
		}
		return evaluations, time.Since(start)
	}
	run(*warmup)
	refused = 0
	evaluations, elapsed := run(*measure)
	fmt.Printf("psa-go: %d pods, %d evaluations in %.2f s, %.0f evaluations/s, %.1f%% refused\n",
		len(pods), evaluations, elapsed.Seconds(), float64(evaluations)/elapsed.Seconds(),
		100*float64(refused)/float64(evaluations))
}

// load reads every *.yaml under dir (sorted by path) as a Pod and returns the first limit of
// them, cycling when there are fewer.
func load(dir string, limit int) ([]*corev1.Pod, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".yaml") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.yaml under %q", dir)
	}
	var pods []*corev1.Pod
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		pod := &corev1.Pod{}
		if err := yaml.Unmarshal(data, pod); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		pods = append(pods, pod)
	}
	out := make([]*corev1.Pod, 0, limit)
	for i := 0; i < limit; i++ {
		out = append(out, pods[i%len(pods)])
	}
	return out, nil
}
