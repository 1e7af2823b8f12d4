// dtaas-netbridge is the only way between one user's network namespace and the host's.
//
// A user's workspace tools and lifecycle runs live in a network namespace of their own that has only a
// loopback interface: they reach nothing of the host (the platform's services on 127.0.0.1, other
// users' tools) and nobody reaches them. This program, run as root by the workspace-service, holds
// sockets in both namespaces and copies bytes between them, for exactly what the platform allows:
//
//   - inward forwards ("forward NSPORT HOSTPORT" on the control socket): host 127.0.0.1:HOSTPORT to the
//     namespace's 127.0.0.1:NSPORT, so the gateway reaches a tool or a published server;
//   - outward forwards (--out NSPORT=HOST:PORT): the namespace's 127.0.0.1:NSPORT to a platform service
//     users are meant to use (RabbitMQ, MQTT, InfluxDB, Grafana), at the same address inside as outside;
//   - the outside network, when allowed (--proxy NSPORT): an HTTP proxy (CONNECT and plain HTTP) inside
//     the namespace that dials only public addresses, never the host's loopback, its own addresses or
//     private networks (the platform's internals live there).
//
// The control socket (--control PATH, in a folder only root opens) also answers "listening NSPORT":
// whether anything in the namespace listens there, which is how the platform knows a port is the user's.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// namespace runs jobs on one OS thread that has joined the user's network namespace: sockets made
// there (listeners, outgoing connections) belong to it. Every other goroutine stays in the host's.
type namespace struct {
	jobs chan func()
}

func joinNamespace(path string) (*namespace, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	ns := &namespace{jobs: make(chan func())}
	joined := make(chan error)
	go func() {
		// Never unlocked: Go retires a locked thread when its goroutine ends and never runs other
		// goroutines on it, so the host's side cannot end up in the user's namespace.
		runtime.LockOSThread()
		if _, _, errno := syscall.RawSyscall(sysSetns, file.Fd(), syscall.CLONE_NEWNET, 0); errno != 0 {
			joined <- fmt.Errorf("setns %s: %w", path, errno)
			return
		}
		file.Close()
		joined <- nil
		for job := range ns.jobs {
			job()
		}
	}()
	return ns, <-joined
}

func (ns *namespace) do(job func()) {
	done := make(chan struct{})
	ns.jobs <- func() { job(); close(done) }
	<-done
}

func (ns *namespace) listen(port int) (listener net.Listener, err error) {
	ns.do(func() { listener, err = net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port))) })
	return
}

// dialTimeout: how long a connection into the namespace may take to be taken
const dialTimeout = 3 * time.Second

// dial connects to the namespace's 127.0.0.1:port. Only the socket is made on the namespace's thread (a
// socket belongs to the namespace it is made in, for good); the connect is waited for on Go's poller by
// the caller. A loopback connect is not always answered at once: to a listener whose queue is full (a
// program that stopped accepting, or one still starting) the kernel drops the handshake, and the connect
// waits out its timeout. Waited for on the namespace's one thread, that held back every other
// connection into the namespace (the user's other tools, the platform's health checks) behind it.
func (ns *namespace) dial(port int) (net.Conn, error) {
	var fd int
	var err error
	ns.do(func() {
		fd, err = syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, 0)
	})
	if err != nil {
		return nil, err
	}
	file := os.NewFile(uintptr(fd), "connection into the namespace") // non-blocking: on Go's poller
	defer file.Close()                                               // the connection below has its own copy
	if err := connectLoopback(file, port, dialTimeout); err != nil {
		return nil, fmt.Errorf("connect 127.0.0.1:%d in the namespace: %w", port, err)
	}
	return net.FileConn(file)
}

// connectLoopback connects the non-blocking socket file to 127.0.0.1:port within timeout.
func connectLoopback(file *os.File, port int, timeout time.Duration) error {
	raw, err := file.SyscallConn()
	if err != nil {
		return err
	}
	var started error
	if err := raw.Control(func(fd uintptr) {
		started = syscall.Connect(int(fd), &syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}})
	}); err != nil {
		return err
	}
	switch started {
	case nil:
		return nil
	case syscall.EINPROGRESS, syscall.EALREADY, syscall.EINTR:
	default:
		return started
	}
	if err := file.SetWriteDeadline(time.Now().Add(timeout)); err != nil {
		return err
	}
	var result error
	waited := raw.Write(func(fd uintptr) bool {
		code, err := syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_ERROR)
		switch {
		case err != nil:
			result = err
		case code != 0:
			result = syscall.Errno(code)
		default:
			// the poller may wake before the handshake is done (a socket not yet connected polls as
			// writable): connected only once it has a peer
			if _, err := syscall.Getpeername(int(fd)); err != nil {
				return false
			}
		}
		return true
	})
	if waited != nil {
		return waited
	}
	return result
}

// listening: does a listener in the namespace take connections to 127.0.0.1:port?
func (ns *namespace) listening(port int) (found bool, err error) {
	ns.do(func() {
		for _, table := range []string{"/proc/thread-self/net/tcp", "/proc/thread-self/net/tcp6"} {
			data, readErr := os.ReadFile(table)
			if readErr != nil {
				if table == "/proc/thread-self/net/tcp" {
					err = readErr
				}
				continue
			}
			if listensOn(string(data), port) {
				found = true
				return
			}
		}
	})
	return
}

// Local addresses (as /proc/net/tcp{,6} spell them) whose listeners take connections to 127.0.0.1.
var reachedByLoopback = map[string]bool{
	"0100007F": true, "00000000": true, "00000000000000000000000000000000": true,
	"0000000000000000FFFF00000100007F": true,
}

func listensOn(table string, port int) bool {
	want := fmt.Sprintf("%04X", port)
	for _, line := range strings.Split(table, "\n")[1:] {
		fields := strings.Fields(line)
		if len(fields) < 4 || fields[3] != "0A" { // 0A: LISTEN
			continue
		}
		address, localPort, ok := strings.Cut(fields[1], ":")
		if ok && localPort == want && reachedByLoopback[address] {
			return true
		}
	}
	return false
}

// pipe copies both ways until both sides are done, passing half-closes on.
func pipe(a, b net.Conn) {
	var wg sync.WaitGroup
	wg.Add(2)
	copyOneWay := func(to, from net.Conn) {
		defer wg.Done()
		io.Copy(to, from)
		if tcp, ok := to.(*net.TCPConn); ok {
			tcp.CloseWrite()
		} else {
			to.Close()
		}
	}
	go copyOneWay(a, b)
	go copyOneWay(b, a)
	wg.Wait()
	a.Close()
	b.Close()
}

func serve(listener net.Listener, connect func() (net.Conn, error), what string) {
	for {
		conn, err := listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			log.Printf("%s: accept: %v", what, err)
			time.Sleep(50 * time.Millisecond)
			continue
		}
		go func() {
			other, err := connect()
			if err != nil {
				conn.Close()
				return
			}
			pipe(conn, other)
		}()
	}
}

// inward forwards, by host port
type forwards struct {
	sync.Mutex
	ns     *namespace
	byHost map[int]inward
}

type inward struct {
	nsPort   int
	listener net.Listener
}

func (f *forwards) open(nsPort, hostPort int) (int, error) {
	f.Lock()
	defer f.Unlock()
	if existing, ok := f.byHost[hostPort]; ok && hostPort != 0 {
		if existing.nsPort == nsPort {
			return hostPort, nil
		}
		return 0, fmt.Errorf("host port %d already forwards to %d", hostPort, existing.nsPort)
	}
	listener, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(hostPort)))
	if err != nil {
		return 0, err
	}
	bound := listener.Addr().(*net.TCPAddr).Port
	f.byHost[bound] = inward{nsPort, listener}
	go serve(listener, func() (net.Conn, error) { return f.ns.dial(nsPort) }, fmt.Sprintf("forward %d->%d", bound, nsPort))
	return bound, nil
}

func (f *forwards) close(hostPort int) {
	f.Lock()
	defer f.Unlock()
	if existing, ok := f.byHost[hostPort]; ok {
		existing.listener.Close()
		delete(f.byHost, hostPort)
	}
}

func (f *forwards) count() int {
	f.Lock()
	defer f.Unlock()
	return len(f.byHost)
}

func (f *forwards) list() string {
	f.Lock()
	defer f.Unlock()
	var parts []string
	for host, in := range f.byHost {
		parts = append(parts, fmt.Sprintf("%d:%d", host, in.nsPort))
	}
	return strings.Join(parts, " ")
}

// lastAsked: when the control socket was last used (Unix nanoseconds)
var lastAsked atomic.Int64

func control(conn net.Conn, ns *namespace, f *forwards) {
	defer conn.Close()
	lastAsked.Store(time.Now().UnixNano())
	lines := bufio.NewScanner(conn)
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		answer := func() string {
			if len(fields) == 0 {
				return "error empty command"
			}
			ports := make([]int, 0, 2)
			for _, field := range fields[1:] {
				port, err := strconv.Atoi(field)
				if err != nil || port < 0 || port > 65535 {
					return "error not a port: " + field
				}
				ports = append(ports, port)
			}
			switch {
			case fields[0] == "ping" && len(ports) == 0:
				return fmt.Sprintf("ok %d", os.Getpid())
			case fields[0] == "forward" && len(ports) == 2 && ports[0] > 0:
				bound, err := f.open(ports[0], ports[1])
				if err != nil {
					return "error " + err.Error()
				}
				return fmt.Sprintf("ok %d", bound)
			case fields[0] == "close" && len(ports) == 1:
				f.close(ports[0])
				return "ok"
			case fields[0] == "listening" && len(ports) == 1:
				found, err := ns.listening(ports[0])
				if err != nil {
					return "error " + err.Error()
				}
				if found {
					return "yes"
				}
				return "no"
			case fields[0] == "list" && len(ports) == 0:
				return "ok " + f.list()
			}
			return "error unknown command: " + lines.Text()
		}()
		if _, err := io.WriteString(conn, answer+"\n"); err != nil {
			return
		}
	}
}

// outward: the namespace's 127.0.0.1:NSPORT to HOST:PORT on the host's side.
func outward(ns *namespace, spec string) error {
	nsPortText, target, ok := strings.Cut(spec, "=")
	nsPort, err := strconv.Atoi(nsPortText)
	if !ok || err != nil {
		return fmt.Errorf("--out %q: expected NSPORT=HOST:PORT", spec)
	}
	listener, err := ns.listen(nsPort)
	if err != nil {
		return err
	}
	go serve(listener, func() (net.Conn, error) { return net.DialTimeout("tcp", target, 10*time.Second) }, "out "+spec)
	return nil
}

// publicDialer dials only addresses of the outside world: never the host's loopback, its own
// addresses, or private, link-local and shared networks (where the platform's internals live).
type publicDialer struct {
	allowed []*net.IPNet
}

var sharedAddressSpace = mustCIDR("100.64.0.0/10")

func mustCIDR(text string) *net.IPNet {
	_, network, err := net.ParseCIDR(text)
	if err != nil {
		panic(err)
	}
	return network
}

func (d *publicDialer) permitted(ip net.IP) bool {
	for _, network := range d.allowed {
		if network.Contains(ip) {
			return true
		}
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsMulticast() ||
		ip.IsUnspecified() || ip.IsInterfaceLocalMulticast() || sharedAddressSpace.Contains(ip) {
		return false
	}
	own, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, address := range own {
		if network, ok := address.(*net.IPNet); ok && network.IP.Equal(ip) {
			return false
		}
	}
	return true
}

var errRefused = errors.New("the platform's proxy reaches only public addresses")

func (d *publicDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, err
	}
	for _, ip := range ips {
		// dial the address that was checked, not the name again (a name may answer differently twice)
		if d.permitted(ip.IP) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, "tcp", net.JoinHostPort(ip.IP.String(), port))
		}
	}
	return nil, fmt.Errorf("%s: %w", host, errRefused)
}

func proxy(ns *namespace, port int, dialer *publicDialer) error {
	listener, err := ns.listen(port)
	if err != nil {
		return err
	}
	transport := &http.Transport{DialContext: dialer.DialContext, Proxy: nil, MaxIdleConns: 20, IdleConnTimeout: 30 * time.Second}
	plain := &httputil.ReverseProxy{Director: func(*http.Request) {}, Transport: transport,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			log.Printf("proxy: %s %s refused: %v", r.Method, r.URL.Host, err)
			refuse(w, err)
		}}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect {
			tunnel(w, r, dialer)
			return
		}
		if !r.URL.IsAbs() || r.URL.Scheme != "http" {
			http.Error(w, "this is an HTTP proxy: ask for an absolute http:// address or CONNECT", http.StatusBadRequest)
			return
		}
		log.Printf("proxy: %s %s://%s", r.Method, r.URL.Scheme, r.URL.Host)
		plain.ServeHTTP(w, r)
	})
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 30 * time.Second}
	go server.Serve(listener)
	return nil
}

func refuse(w http.ResponseWriter, err error) {
	status := http.StatusBadGateway
	if errors.Is(err, errRefused) {
		status = http.StatusForbidden
	}
	http.Error(w, err.Error(), status)
}

func tunnel(w http.ResponseWriter, r *http.Request, dialer *publicDialer) {
	ctx, cancel := context.WithTimeout(r.Context(), 15*time.Second)
	defer cancel()
	remote, err := dialer.DialContext(ctx, "tcp", r.Host)
	if err != nil {
		log.Printf("proxy: CONNECT %s refused: %v", r.Host, err)
		refuse(w, err)
		return
	}
	log.Printf("proxy: CONNECT %s", r.Host)
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		remote.Close()
		http.Error(w, "cannot tunnel", http.StatusInternalServerError)
		return
	}
	client, buffered, err := hijacker.Hijack()
	if err != nil {
		remote.Close()
		return
	}
	client.Write([]byte("HTTP/1.1 200 Connection Established\r\n\r\n"))
	if buffered.Reader.Buffered() > 0 {
		io.CopyN(remote, buffered, int64(buffered.Reader.Buffered()))
	}
	pipe(client, remote)
}

// occupied: does any process (other than this one) live in the namespace at path?
func occupied(path string) bool {
	var want syscall.Stat_t
	if syscall.Stat(path, &want) != nil {
		return false
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return true
	}
	self := strconv.Itoa(os.Getpid())
	for _, entry := range entries {
		name := entry.Name()
		if name == self || name[0] < '0' || name[0] > '9' {
			continue
		}
		var got syscall.Stat_t
		if syscall.Stat("/proc/"+name+"/ns/net", &got) == nil && got.Ino == want.Ino && got.Dev == want.Dev {
			return true
		}
	}
	return false
}

// endWhenIdle: once nothing lives in the namespace, nothing is forwarded into it and nobody asked for a
// while, the namespace is removed and the bridge ends (the workspace-service makes both anew at need).
func endWhenIdle(path string, f *forwards, after time.Duration) {
	for range time.Tick(after / 4) {
		if time.Since(time.Unix(0, lastAsked.Load())) < after || f.count() > 0 || occupied(path) {
			continue
		}
		log.Printf("nothing uses %s any more: removing it", path)
		syscall.Unmount(path, syscall.MNT_DETACH)
		os.Remove(path)
		os.Exit(0)
	}
}

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func main() {
	var outs, allows repeated
	netns := flag.String("netns", "", "the user's network namespace (e.g. /run/netns/NAME)")
	controlPath := flag.String("control", "", "the control socket to create (in a folder only root opens)")
	proxyPort := flag.Int("proxy", 0, "HTTP proxy port inside the namespace (0: no outside network)")
	idleExit := flag.Duration("idle-exit", 0, "remove the namespace and end once unused this long (0: never)")
	flag.Var(&outs, "out", "NSPORT=HOST:PORT: a platform service reachable inside (repeatable)")
	flag.Var(&allows, "proxy-allow", "CIDR the proxy may reach although it is not public (repeatable)")
	flag.Parse()
	if *netns == "" || *controlPath == "" {
		log.Fatal("usage: dtaas-netbridge --netns PATH --control SOCKET [--out NSPORT=HOST:PORT]... [--proxy NSPORT]")
	}
	ns, err := joinNamespace(*netns)
	if err != nil {
		log.Fatal(err)
	}
	for _, spec := range outs {
		if err := outward(ns, spec); err != nil {
			log.Printf("platform service %s not reachable inside: %v", spec, err)
		}
	}
	if *proxyPort > 0 {
		dialer := &publicDialer{}
		for _, cidr := range allows {
			_, network, err := net.ParseCIDR(cidr)
			if err != nil {
				log.Fatalf("--proxy-allow %q: %v", cidr, err)
			}
			dialer.allowed = append(dialer.allowed, network)
		}
		if err := proxy(ns, *proxyPort, dialer); err != nil {
			log.Printf("no outside network inside: proxy port %d: %v", *proxyPort, err)
		}
	}
	os.Remove(*controlPath)
	listener, err := net.Listen("unix", *controlPath)
	if err != nil {
		log.Fatal(err)
	}
	os.Chmod(*controlPath, 0o600)
	log.Printf("bridge for %s ready (pid %d)", *netns, os.Getpid())
	f := &forwards{ns: ns, byHost: map[int]inward{}}
	lastAsked.Store(time.Now().UnixNano())
	if *idleExit > 0 {
		go endWhenIdle(*netns, f, *idleExit)
	}
	for {
		conn, err := listener.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go control(conn, ns, f)
	}
}
