// Checks: listener.hostname echoes the input string verbatim ("localhost", "LOCALHOST", "::",
// "0.0.0.0", ...), the actual bound family/address (getsockname), and which loopback families
// can connect: "localhost" binds IPv4 only; "::" is dual-stack; "::1" is IPv6 only. Also the
// client's remote address when connecting to "localhost".
import { trace, guard, done } from './_trace.mjs';
guard(8000);
const noop = () => {};
async function tryConnect(host, port) {
  try {
    const s = await Bun.connect({ hostname: host, port, socket: { data: noop } });
    const r = `ok:${s.remoteAddress}:${s.remoteFamily}`;
    s.terminate();
    return r;
  } catch (e) {
    return 'err:' + e.code;
  }
}
for (const h of ['localhost', 'LOCALHOST', '0.0.0.0', '::', '127.0.0.1', '::1']) {
  const l = Bun.listen({ hostname: h, port: 0, socket: { data: noop } });
  const gs = {};
  l.getsockname(gs);
  const res = { hostname: l.hostname, bound: `${gs.family} ${gs.address}` };
  for (const c of ['127.0.0.1', '::1', 'localhost']) res[c] = await tryConnect(c, l.port);
  trace(h, res);
  l.stop(true);
}
done();
