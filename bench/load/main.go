// A load of signed-in sessions against a running DTaaS (bench/load.sh starts one): every session signs
// in once with the login form, then until the end does what a user of the web app does, with a pause
// of 0.5-1.5 s between steps: loads the web app, lists and reads their library, looks at their
// workspace, and now and then runs a twin and follows its log to the end. Prints one JSON object: per
// call the count, errors (transport errors and 5xx; a 409 "twin busy" is counted apart) and latency
// percentiles in milliseconds.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

type sample struct {
	call    string
	ms      float64
	failed  bool
	refused bool
}

type result struct {
	Count   int     `json:"count"`
	Errors  int     `json:"errors"`
	Refused int     `json:"refused"`
	P50     float64 `json:"p50"`
	P95     float64 `json:"p95"`
	P99     float64 `json:"p99"`
}

func main() {
	base := flag.String("url", "", "the gateway, e.g. http://127.0.0.1:8080")
	users := flag.String("users", "", "a file of user:password lines")
	sessions := flag.Int("sessions", 500, "concurrent signed-in sessions")
	duration := flag.Duration("duration", 60*time.Second, "how long the load lasts")
	flag.Parse()
	accounts := readAccounts(*users)

	samples := make(chan sample, 100000)
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(*duration)
	transport := &http.Transport{MaxIdleConnsPerHost: *sessions, MaxConnsPerHost: 0, IdleConnTimeout: 90 * time.Second}
	for i := 0; i < *sessions; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			account := accounts[i%len(accounts)]
			session(*base, account[0], account[1], i, deadline, transport, samples)
		}(i)
		time.Sleep(2 * time.Millisecond) // sign-ins spread over the first second
	}
	go func() { wg.Wait(); close(samples) }()

	byCall := map[string][]sample{}
	for s := range samples {
		byCall[s.call] = append(byCall[s.call], s)
	}
	out := map[string]interface{}{"sessions": *sessions, "seconds": time.Since(start).Seconds(), "calls": summarise(byCall)}
	json.NewEncoder(os.Stdout).Encode(out)
}

func readAccounts(file string) [][2]string {
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load: no users file:", err)
		os.Exit(2)
	}
	var accounts [][2]string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		parts := strings.SplitN(line, ":", 2)
		accounts = append(accounts, [2]string{parts[0], parts[1]})
	}
	return accounts
}

func session(base, user, password string, index int, deadline time.Time, transport *http.Transport, samples chan<- sample) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Transport: transport, Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	random := rand.New(rand.NewSource(int64(index)))
	form := url.Values{"username": {user}, "password": {password}}
	login, _ := http.NewRequest("POST", base+"/auth/login", strings.NewReader(form.Encode()))
	login.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	login.Header.Set("Origin", base)
	if s := do(client, "sign in", login); s.failed || s.refused {
		samples <- s
		return
	} else {
		samples <- s
	}
	for time.Now().Before(deadline) {
		time.Sleep(time.Duration(500+random.Intn(1000)) * time.Millisecond)
		var request *http.Request
		call := ""
		switch pick := random.Intn(100); {
		case pick < 25:
			call, request = "web app page", get(base+"/")
		case pick < 50:
			call, request = "library listing", get(base+"/api/library/tree/"+user+"/data")
		case pick < 70:
			call, request = "library read", get(base+"/api/library/raw/"+user+"/data/note.txt")
		case pick < 92:
			call, request = "workspace status", get(base+"/api/workspaces/"+user)
		default:
			samples <- runAndFollow(client, base, user)
			continue
		}
		samples <- do(client, call, request)
	}
}

func get(address string) *http.Request {
	request, _ := http.NewRequest("GET", address, nil)
	return request
}

func do(client *http.Client, call string, request *http.Request) sample {
	started := time.Now()
	response, err := client.Do(request)
	if err != nil {
		return sample{call: call, ms: since(started), failed: true}
	}
	io.Copy(io.Discard, response.Body)
	response.Body.Close()
	return sample{call: call, ms: since(started), failed: response.StatusCode >= 500 || response.StatusCode == 401 || response.StatusCode == 403,
		refused: response.StatusCode == 409 || response.StatusCode == 429}
}

// A run of the user's hello-world twin, its log followed (server-sent events) to the run's end: the
// time is from the start request to the end event.
func runAndFollow(client *http.Client, base, user string) sample {
	started := time.Now()
	request, _ := http.NewRequest("POST", base+"/api/twins/"+user+"/hello-world/runs", strings.NewReader(`{"phase":"execute"}`))
	request.Header.Set("Content-Type", "application/json")
	request.Header.Set("Origin", base)
	response, err := client.Do(request)
	if err != nil {
		return sample{call: "run and follow", ms: since(started), failed: true}
	}
	var run struct{ ID string }
	json.NewDecoder(response.Body).Decode(&run)
	response.Body.Close()
	if response.StatusCode == 409 {
		return sample{call: "run and follow", ms: since(started), refused: true} // the twin runs already
	}
	if response.StatusCode != 201 {
		return sample{call: "run and follow", ms: since(started), failed: true}
	}
	follow := get(base + "/api/runs/" + run.ID + "/log")
	follow.Header.Set("Accept", "text/event-stream")
	stream, err := client.Do(follow)
	if err != nil {
		return sample{call: "run and follow", ms: since(started), failed: true}
	}
	defer stream.Body.Close()
	lines := bufio.NewScanner(stream.Body)
	for lines.Scan() {
		if strings.Contains(lines.Text(), `"end"`) {
			return sample{call: "run and follow", ms: since(started), failed: !strings.Contains(lines.Text(), `"succeeded"`)}
		}
	}
	return sample{call: "run and follow", ms: since(started), failed: true}
}

func since(started time.Time) float64 {
	return float64(time.Since(started).Microseconds()) / 1000
}

func summarise(byCall map[string][]sample) map[string]result {
	results := map[string]result{}
	for call, samples := range byCall {
		var times []float64
		r := result{Count: len(samples)}
		for _, s := range samples {
			if s.failed {
				r.Errors++
			} else if s.refused {
				r.Refused++
			} else {
				times = append(times, s.ms)
			}
		}
		sort.Float64s(times)
		r.P50, r.P95, r.P99 = percentile(times, 50), percentile(times, 95), percentile(times, 99)
		results[call] = r
	}
	return results
}

func percentile(sorted []float64, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	index := (len(sorted)*p+99)/100 - 1
	if index < 0 {
		index = 0
	}
	return float64(int(sorted[index]*10)) / 10
}
