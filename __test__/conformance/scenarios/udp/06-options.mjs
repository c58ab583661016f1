// Socket options: return values and errors, then multicast and broadcast
// on loopback.
import { attempt, countdown, guard, trace } from './_trace.mjs'
guard()
const s = await Bun.udpSocket({ hostname: '127.0.0.1' })
for (const [label, fn] of [
  ['setBroadcast(true)', () => s.setBroadcast(true)],
  ['setBroadcast(1)', () => s.setBroadcast(1)],
  ['setBroadcast("yes")', () => s.setBroadcast('yes')],
  ['setBroadcast()', () => s.setBroadcast()],
  ['setTTL(64)', () => s.setTTL(64)],
  ['setTTL(1.5)', () => s.setTTL(1.5)],
  ['setTTL("64")', () => s.setTTL('64')],
  ['setTTL(0)', () => s.setTTL(0)],
  ['setTTL(256)', () => s.setTTL(256)],
  ['setMulticastTTL(2)', () => s.setMulticastTTL(2)],
  ['setMulticastTTL(0)', () => s.setMulticastTTL(0)],
  ['setMulticastLoopback(true)', () => s.setMulticastLoopback(true)],
  ['setMulticastInterface("127.0.0.1")', () => s.setMulticastInterface('127.0.0.1')],
  ['setMulticastInterface("bogus")', () => s.setMulticastInterface('bogus')],
  ['setMulticastInterface("::1")', () => s.setMulticastInterface('::1')],
  ['addMembership("239.1.1.1", "127.0.0.1")', () => s.addMembership('239.1.1.1', '127.0.0.1')],
  ['addMembership again', () => s.addMembership('239.1.1.1', '127.0.0.1')],
  ['dropMembership("239.1.1.1", "127.0.0.1")', () => s.dropMembership('239.1.1.1', '127.0.0.1')],
  ['dropMembership again', () => s.dropMembership('239.1.1.1', '127.0.0.1')],
  ['addMembership("10.0.0.1")', () => s.addMembership('10.0.0.1')],
  ['addMembership("ff02::1")', () => s.addMembership('ff02::1')],
  ['addMembership()', () => s.addMembership()],
  ['addSourceSpecificMembership', () => s.addSourceSpecificMembership('127.0.0.1', '232.1.1.1', '127.0.0.1')],
  ['addSourceSpecificMembership again', () => s.addSourceSpecificMembership('127.0.0.1', '232.1.1.1', '127.0.0.1')],
  ['dropSourceSpecificMembership', () => s.dropSourceSpecificMembership('127.0.0.1', '232.1.1.1', '127.0.0.1')],
  ['addSourceSpecificMembership one arg', () => s.addSourceSpecificMembership('127.0.0.1')],
]) {
  attempt(label, fn)
}
s.close()
attempt('setTTL after close', () => s.setTTL(64))
attempt('setBroadcast() after close', () => s.setBroadcast())

// Multicast on loopback: join on 127.0.0.1, send through it.
const got = countdown(1)
const receiver = await Bun.udpSocket({
  hostname: '0.0.0.0',
  socket: {
    data(r, data, port, address) {
      trace('multicast data', String(data), address)
      got.tick()
    },
  },
})
receiver.addMembership('239.255.0.1', '127.0.0.1')
const sender = await Bun.udpSocket({ hostname: '127.0.0.1' })
sender.setMulticastInterface('127.0.0.1')
trace('multicast send', sender.send('to the group', receiver.port, '239.255.0.1'))
await got.promise
receiver.close()
sender.close()
