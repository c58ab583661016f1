// Child process of churn.stress.mjs (run with --expose-gc, so memory can be
// compared after a collection). `churn-child.mjs <scenario>` prints one
// JSON line with what it measured.
import fs from 'node:fs'
import v8 from 'node:v8'
import { connect, listen, udpSocket } from 'bun-sockets'

const openFds = () => fs.readdirSync('/proc/self/fd').length
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    globalThis.gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
}
const rss = () => process.memoryUsage.rss()
/** Descriptors close on the I/O thread just after `close` runs in JS: waits
 * (at most 10 s) until no more than `count` are open. */
async function fdsDownTo(count) {
  const deadline = Date.now() + 10_000
  while (openFds() > count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
  return openFds()
}
const mem = () => {
  const m = process.memoryUsage()
  const heapPhysical = v8.getHeapStatistics().total_physical_size
  return { rss: m.rss, heap: m.heapUsed, heapTotal: m.heapTotal, heapPhysical, ext: m.external }
}

/** One connect, a 16-byte echo, close from the client; resolves on close. */
function cycle(port) {
  return new Promise((resolve, reject) => {
    connect({
      hostname: '127.0.0.1',
      port,
      socket: {
        open: (socket) => socket.write('0123456789abcdef'),
        data(socket, data) {
          if (data.length === 16) socket.end()
        },
        close: () => resolve(),
        connectError: (socket, err) => reject(err),
      },
    }).catch(reject)
  })
}

async function churn(total, inFlight) {
  let closedOnServer = 0
  const server = listen({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      data: (socket, data) => socket.write(data),
      close: () => closedOnServer++,
    },
  })
  let started = 0
  const idleFds = openFds()
  const run = async (until) => {
    const worker = async () => {
      while (started < until) {
        started++
        await cycle(server.port)
      }
    }
    await Promise.all(Array.from({ length: inFlight }, worker))
    // The server's close events can trail the clients' by a batch.
    while (closedOnServer < until) await new Promise((resolve) => setImmediate(resolve))
    // Descriptors close on the I/O thread a moment after `close`: wait for
    // them (a leak keeps the count up past the deadline).
    await fdsDownTo(idleFds)
    await settle()
    return { fds: openFds(), ...mem() }
  }
  // The first fifth warms up (pools, JIT, the engine's heap spaces grow to
  // their working size); what follows must not add to it.
  const warm = await run(total / 5)
  const t0 = performance.now()
  const after = await run(total)
  const seconds = (performance.now() - t0) / 1000
  server.stop(true)
  return { cycles: total, closedOnServer, seconds, warm, after }
}

/** Accepts and holds connections (in its own process: 10,000 of each end
 * would pass the descriptor limit of one). Answers "fds" on stdin. */
async function holdServer() {
  let open = 0
  const server = listen({
    hostname: '127.0.0.1',
    port: 0,
    backlog: 4096,
    socket: {
      open: () => open++,
      close: () => open--,
      data() {},
    },
  })
  let startFds
  console.log(JSON.stringify({ port: server.port }))
  const { createInterface } = await import('node:readline')
  const input = createInterface({ input: process.stdin })
  input.on('line', async (line) => {
    const want = Number(line)
    while (open !== want) await new Promise((resolve) => setImmediate(resolve))
    // The first request (nothing open yet) sets the baseline.
    startFds ??= openFds()
    if (want === 0) await fdsDownTo(startFds)
    await settle()
    console.log(JSON.stringify({ open, fds: openFds(), ...mem() }))
  })
  input.on('close', () => server.stop(true))
}

async function simultaneous(count, rounds) {
  const { spawn } = await import('node:child_process')
  const { createInterface } = await import('node:readline')
  const child = spawn(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, 'hold-server'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const ask = async (open) => {
    child.stdin.write(`${open}\n`)
    return JSON.parse((await lines.next()).value)
  }
  const { port } = JSON.parse((await lines.next()).value)
  const server = { start: await ask(0), rounds: [] }
  const client = { start: { fds: openFds(), ...mem() }, rounds: [] }
  for (let round = 0; round < rounds; round++) {
    const sockets = []
    for (let i = 0; i < count; i += 500) {
      const batch = Array.from({ length: Math.min(500, count - i) }, () =>
        connect({ hostname: '127.0.0.1', port, socket: { data() {} } }),
      )
      sockets.push(...(await Promise.all(batch)))
    }
    const whileOpen = await ask(count)
    const clientOpen = openFds()
    for (const socket of sockets) socket.end()
    server.rounds.push({ open: whileOpen, closed: await ask(0) })
    await fdsDownTo(client.start.fds + 3) // + the child's three pipes
    await settle()
    client.rounds.push({ openFds: clientOpen, closed: { fds: openFds(), ...mem() } })
  }
  child.stdin.end()
  return { count, server, client }
}

async function stopUnderStorm() {
  const server = listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  const port = server.port
  await settle()
  const before = { fds: openFds() }
  const outcomes = { opened: 0, refused: 0, other: [] }
  const attempts = []
  for (let i = 0; i < 2000; i++) {
    if (i === 1000) server.stop(true)
    attempts.push(
      connect({ hostname: '127.0.0.1', port, socket: { data() {} } }).then(
        (socket) => {
          outcomes.opened++
          socket.end()
        },
        (err) => {
          if (err.code === 'ECONNREFUSED') outcomes.refused++
          else outcomes.other.push(err.code ?? String(err))
        },
      ),
    )
  }
  await Promise.all(attempts)
  await fdsDownTo(before.fds - 1)
  await settle()
  return { ...outcomes, before, after: { fds: openFds() } }
}

async function reloadUnderTraffic(connections, rounds) {
  // Each message is answered once, by whichever handler set is current.
  const makeHandlers = (tag) => ({ data: (socket, data) => socket.write(`${tag}:${data}|`) })
  const server = listen({ hostname: '127.0.0.1', port: 0, socket: makeHandlers('a') })
  let answered = 0
  const expected = connections * rounds
  const wrong = []
  const done = new Promise((resolve) => {
    const clients = []
    for (let c = 0; c < connections; c++) {
      let sent = 0
      let pending = ''
      clients.push(
        connect({
          hostname: '127.0.0.1',
          port: server.port,
          socket: {
            open(socket) {
              socket.write(`${c}.${sent}`)
            },
            data(socket, data) {
              pending += data
              let bar
              while ((bar = pending.indexOf('|')) >= 0) {
                const answer = pending.slice(0, bar)
                pending = pending.slice(bar + 1)
                if (!/^[ab]:/.test(answer) || answer.slice(2) !== `${c}.${sent}`) wrong.push(answer)
                answered++
                sent++
                if (sent < rounds) socket.write(`${c}.${sent}`)
                else socket.end()
                if (answered === expected) resolve()
              }
            },
          },
        }),
      )
    }
  })
  let reloads = 0
  const reloader = setInterval(() => {
    reloads++
    server.reload({ socket: makeHandlers(reloads % 2 ? 'b' : 'a') })
  }, 1)
  await done
  clearInterval(reloader)
  server.stop(true)
  return { answered, expected, wrong: wrong.slice(0, 5), reloads }
}

/**
 * `total` UDP sockets bound, used for one datagram and closed, one after
 * another; measured after the first fifth and at the end.
 */
async function udpChurn(total) {
  let received = 0
  const receiver = await udpSocket({ hostname: '127.0.0.1', socket: { data: () => received++ } })
  // Each closed socket's descriptors (its stand-in and its epoll sets)
  // close on the I/O thread a moment later.
  const baseline = openFds()
  const warmAt = Math.floor(total / 5)
  let warm
  for (let i = 0; i < total; i++) {
    const socket = await udpSocket({ hostname: '127.0.0.1' })
    socket.send('x', receiver.port, '127.0.0.1')
    socket.close()
    if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve))
    if (i + 1 === warmAt) {
      await settle()
      warm = { ...mem(), fds: await fdsDownTo(baseline) }
    }
  }
  await settle()
  const after = { ...mem(), fds: await fdsDownTo(baseline) }
  receiver.close()
  return { warm, after, received }
}

const scenarios = {
  udp: () => udpChurn(Number(process.argv[3] ?? 100_000)),
  churn: () => churn(Number(process.argv[3] ?? 100_000), 32),
  simultaneous: () => simultaneous(Number(process.argv[3] ?? 10_000), Number(process.argv[4] ?? 2)),
  storm: stopUnderStorm,
  reload: () => reloadUnderTraffic(50, 400),
}
const scenario = process.argv[2]
if (scenario === 'hold-server') await holdServer()
else console.log(JSON.stringify(await scenarios[scenario]()))
