// Checks: ipv6Only/reusePort/exclusive effects. "::" + ipv6Only:true refuses IPv4 clients and
// lets 0.0.0.0 bind the same port; "::" default is dual-stack (0.0.0.0 on the same port then
// fails EADDRINUSE); ipv6Only on an IPv4 host is ignored; reusePort on both listeners allows two
// binds; exclusive:true on the first blocks a later reusePort bind.
import { trace, guard, done } from './_trace.mjs';
guard(8000);
const noop = () => {};
async function tc(host, port) {
  try { const s = await Bun.connect({ hostname: host, port, socket: { data: noop } }); s.terminate(); return 'ok'; } catch (e) { return e.code; }
}
function tl(opts) {
  try { const l = Bun.listen({ ...opts, socket: { data: noop } }); return l; } catch (e) { return e.code; }
}
let l = Bun.listen({ hostname: '::', port: 0, ipv6Only: true, socket: { data: noop } });
trace(':: ipv6Only', { v4: await tc('127.0.0.1', l.port), v6: await tc('::1', l.port) });
let l2 = tl({ hostname: '0.0.0.0', port: l.port });
trace(':: ipv6Only then 0.0.0.0 same port', typeof l2 === 'string' ? l2 : 'ok');
if (typeof l2 !== 'string') l2.stop(true);
l.stop(true);
l = Bun.listen({ hostname: '::', port: 0, socket: { data: noop } });
trace(':: default', { v4: await tc('127.0.0.1', l.port), v6: await tc('::1', l.port) });
l2 = tl({ hostname: '0.0.0.0', port: l.port });
trace(':: default then 0.0.0.0 same port', typeof l2 === 'string' ? l2 : 'ok');
if (typeof l2 !== 'string') l2.stop(true);
l.stop(true);
l = Bun.listen({ hostname: '127.0.0.1', port: 0, ipv6Only: true, socket: { data: noop } });
trace('127.0.0.1 ipv6Only', { v4: await tc('127.0.0.1', l.port) });
l.stop(true);
l = Bun.listen({ hostname: '127.0.0.1', port: 0, reusePort: true, socket: { data: noop } });
l2 = tl({ hostname: '127.0.0.1', port: l.port, reusePort: true });
trace('reusePort twice', typeof l2 === 'string' ? l2 : 'ok');
if (typeof l2 !== 'string') l2.stop(true);
l.stop(true);
l = Bun.listen({ hostname: '127.0.0.1', port: 0, exclusive: true, socket: { data: noop } });
l2 = tl({ hostname: '127.0.0.1', port: l.port, reusePort: true });
trace('exclusive then reusePort', typeof l2 === 'string' ? l2 : 'ok');
if (typeof l2 !== 'string') l2.stop(true);
l.stop(true);
done();
