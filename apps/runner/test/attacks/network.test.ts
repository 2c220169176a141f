import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, sandboxOrSkip, spec, withSlot } from './attack-harness.js';

const { host, reason } = await sandboxOrSkip();

// Each probe prints "<name> <result>"; anything but "blocked"/an errno name is a failure.
const probeScript = (port: number, abstract: string): string => `
import socket, errno
def attempt(name, fn):
    try:
        fn()
        print(name, "connected")
    except OSError as e:
        print(name, "blocked", errno.errorcode.get(e.errno, e.errno))
def tcp(host, port, fam=socket.AF_INET):
    s = socket.socket(fam, socket.SOCK_STREAM); s.settimeout(2); s.connect((host, port))
attempt("tcp-loopback-host", lambda: tcp("127.0.0.1", ${String(port)}))
attempt("tcp6-loopback-host", lambda: tcp("::1", ${String(port)}, socket.AF_INET6))
attempt("tcp-external", lambda: tcp("1.1.1.1", 80))
attempt("tcp-metadata", lambda: tcp("169.254.169.254", 80))
attempt("dns", lambda: socket.getaddrinfo("registry.npmjs.org", 443))
def abstract():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect("\\0${abstract}")
attempt("abstract-socket", abstract)
attempt("vsock", lambda: socket.socket(40, socket.SOCK_STREAM))
attempt("netlink", lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0))
import os
print("interfaces", " ".join(sorted(os.listdir("/sys/class/net"))) if os.path.isdir("/sys/class/net") else "no-sysfs")
`;

describe.skipIf(host === null)(`network attacks ${reason}`, () => {
  const servers: net.Server[] = [];
  let port = 0;
  const abstractName = `assay-attack-${String(process.pid)}`;
  let connections = 0;

  beforeAll(async () => {
    const tcp = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    port = (tcp.address() as net.AddressInfo).port;
    const abs = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => abs.listen(`\0${abstractName}`, r));
    servers.push(tcp, abs);
  });
  afterAll(() => {
    for (const s of servers) s.close();
  });

  it('cannot reach the host, the outside, metadata, DNS, abstract sockets, vsock or netlink', async () => {
    if (host === null) return;
    const r = await withSlot(host, (slot) =>
      slot.run(spec([PYTHON, '-I', '-c', probeScript(port, abstractName)])),
    );
    expect(r.outcome).toBe('completed');
    const lines = r.stdout.toString().trim().split('\n');
    const results: Record<string, string> = Object.fromEntries(
      lines.map((l) => [l.split(' ')[0] ?? '', l.split(' ').slice(1).join(' ')]),
    );
    for (const name of [
      'tcp-loopback-host',
      'tcp6-loopback-host',
      'tcp-external',
      'tcp-metadata',
      'dns',
      'abstract-socket',
      'vsock',
      'netlink',
    ]) {
      expect(results[name], `${name}: ${r.stderr.toString()}`).toMatch(/^blocked/);
    }
    expect(results.vsock).toBe('blocked EAFNOSUPPORT');
    expect(connections).toBe(0);
  });

  it('has only loopback inside, and loopback works for the program itself', async () => {
    if (host === null) return;
    const script = `
import socket
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen()
c = socket.create_connection(srv.getsockname()); a, _ = srv.accept(); c.sendall(b"ping"); print(a.recv(4).decode())
`;
    const r = await withSlot(host, (slot) => slot.run(spec([PYTHON, '-I', '-c', script])));
    expect(r.stdout.toString().trim()).toBe('ping');
  });
});
