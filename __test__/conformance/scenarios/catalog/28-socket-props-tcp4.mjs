// Checks: address/port/family getters on IPv4 client and server sockets, cross-consistency of ports,
// plus bytesWritten, alpnProtocol (false), authorized (false), fd (number), listener
// (undefined on client, the Listener on the server side), data, and values after close:
// addresses/families and localPort survive close, but remotePort becomes undefined and fd -1.
import { trace, guard, deferred, done, sleep } from './_trace.mjs';
guard();
let inClose;
const norm = (v) => (typeof v === 'number' && v > 0 ? '<positive number>' : v);
const after = (s) => ({ remoteAddress: s.remoteAddress, remotePort: norm(s.remotePort), remoteFamily: s.remoteFamily, localAddress: s.localAddress, localPort: norm(s.localPort), localFamily: s.localFamily, fd: s.fd, readyState: s.readyState, listener: s.listener, bytesWritten: s.bytesWritten });
const sOpen = deferred();
const sClosed = deferred();
const l = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { open(s) { sOpen.resolve(s); }, data() {}, close(s) { inClose = after(s); sClosed.resolve(); } } });
const c = await Bun.connect({ hostname: '127.0.0.1', port: l.port, socket: { data() {} } });
const ss = await sOpen.promise;
const pick = (s) => ({
  remoteAddress: s.remoteAddress, remoteFamily: s.remoteFamily, remotePortType: typeof s.remotePort,
  localAddress: s.localAddress, localFamily: s.localFamily, localPortType: typeof s.localPort,
  bytesWritten: s.bytesWritten, alpnProtocol: s.alpnProtocol, authorized: s.authorized,
  fd: typeof s.fd, readyState: s.readyState, data: s.data,
  listener: s.listener === undefined ? 'undefined' : s.listener === l ? 'the listener' : 'other',
});
trace('client', pick(c));
trace('server', pick(ss));
trace('ports', c.remotePort === l.port, ss.localPort === l.port, ss.remotePort === c.localPort, c.localPort !== c.remotePort);
c.end();
await sClosed.promise;
trace('server socket inside its close handler', inClose);
trace('client after close', after(c));
trace('server after close', after(ss));
l.stop(true);
done();
