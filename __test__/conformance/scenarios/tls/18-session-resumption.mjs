// Session resumption as Bun offers it: getSession() after a handshake,
// setSession() in `open` of a later connection (with a handshake handler);
// TLS 1.3 and 1.2.
import { countdown, guard, identity, pem, trace } from './_trace.mjs'
guard()
for (const maxVersion of [0x0304, 0x0303]) {
  const serverSaw = []
  const server = Bun.listen({
    hostname: '127.0.0.1',
    port: 0,
    tls: { ...identity(), maxVersion },
    socket: {
      handshake: (s) => serverSaw.push(s.isSessionReused()),
      data: (s, d) => s.write(d),
    },
  })
  let saved
  for (let i = 0; i < 3; i++) {
    const closed = countdown(1)
    let gotData = false
    let fresh
    let done = false
    const finish = (s) => {
      if (done) return
      done = true
      saved = fresh ?? s.getSession()
      trace(maxVersion.toString(16), i, 'session', fresh !== undefined, Buffer.isBuffer(saved))
      s.end()
    }
    await Bun.connect({
      hostname: 'localhost',
      port: server.port,
      tls: { ca: pem('ca.pem') },
      socket: {
        open(s) {
          if (saved !== undefined) s.setSession(saved)
        },
        handshake(s, ok) {
          trace(maxVersion.toString(16), i, 'handshake', ok, 'reused', s.isSessionReused(), s.getTLSVersion())
          s.write('x')
        },
        data(s) {
          gotData = true
          // A resumed TLS 1.2 session is not given anew.
          if (fresh !== undefined || (s.isSessionReused() && s.getTLSVersion() === 'TLSv1.2')) finish(s)
        },
        // Bun's (undocumented) event for each session the server gives.
        session(s, session) {
          fresh = session
          if (gotData) finish(s)
        },
        close: () => closed.tick(),
      },
    })
    await closed.promise
  }
  server.stop(true)
  trace(maxVersion.toString(16), 'server saw reused', serverSaw)
}
