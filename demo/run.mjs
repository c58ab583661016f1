// `npm start`: runs the seed's TCP, TLS and UDP examples (demo/seed/*.ts, copied
// verbatim from the API tour) one after another under Node with
// `--import bun-sockets/polyfill`, and prints what happens. Each example
// runs in its own process, after a stage (demo/stages/) that provides what
// the snippet assumes (a server to talk to, a `server` or `socket` in
// scope) and narrates the events.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const TIMEOUT_MS = 10_000
// `--from <project>`: resolve `bun-sockets/polyfill` from that project (one
// that installed the package) instead of this checkout.
const fromIndex = process.argv.indexOf('--from')
const cwd = fromIndex > 0 ? path.resolve(process.argv[fromIndex + 1]) : path.dirname(here)

const titles = {
  '01-server': 'TCP > Server: listen on localhost:8080, stop(), stop(true), unref()',
  '02-client': 'TCP > Client: connect to localhost:8080 and talk to an echo server',
  '03-per-socket-data': 'TCP > Per-Socket Data: a sessionId per connection',
  '04-hot-reload': 'TCP > Hot Reload: swap the handlers of a running server',
  '05-buffering': 'TCP > Buffering Best Practice: three tiny writes vs one',
  '06-socket-methods': 'TCP > Socket Methods: write, end, terminate, flush, timeout, ref/unref',
  '07-tls': 'TLS: a server with key/cert from Bun.file, a client with tls: true',
  '08-udp-create-send': 'UDP > Create & Send: bind port 41234, send "Hello" to it',
  '09-udp-receive': 'UDP > Receive: a data handler on an ephemeral port',
  '10-udp-connected': 'UDP > Connected Socket: send without a destination',
  '11-udp-batch': 'UDP > Batch Sending: sendMany, unconnected and connected',
  '12-udp-multicast': 'UDP > Multicast: join, leave, TTL, loopback',
}

function runExample(name) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'bun-sockets/polyfill',
        '--import',
        pathToFileURL(path.join(here, 'ts-loader.mjs')).href,
        '--import',
        pathToFileURL(path.join(here, 'stages', `${name}.mjs`)).href,
        path.join(here, 'seed', `${name}.ts`),
      ],
      { cwd, stdio: ['ignore', 'inherit', 'inherit'] },
    )
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal })
    })
  })
}

let failures = 0
for (const file of fs.readdirSync(path.join(here, 'seed')).sort()) {
  const name = file.replace(/\.ts$/, '')
  console.log(`\n== ${titles[name] ?? name}`)
  console.log(fs.readFileSync(path.join(here, 'seed', file), 'utf8').replace(/^/gm, '   | ').trimEnd())
  const { code, signal } = await runExample(name)
  if (code === 0) {
    console.log('   => ran to completion and exited by itself')
  } else {
    failures++
    console.log(`   => FAILED (${signal ? `killed: ${signal}` : `exit ${code}`})`)
  }
}
console.log(failures === 0 ? '\nAll seed examples ran under Node.' : `\n${failures} example(s) failed.`)
process.exitCode = failures === 0 ? 0 : 1
