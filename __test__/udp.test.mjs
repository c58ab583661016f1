// UDP (Bun.udpSocket) over loopback: datagrams both ways and in both
// families, sendMany, connected sockets, errors as Bun gives them, process
// lifetime, and interop with node:dgram.

import assert from 'node:assert/strict'
import dgram from 'node:dgram'
import { describe, it } from 'node:test'
import { udpSocket } from 'bun-sockets'
import { deferred, runNode } from './helpers.mjs'

/** A socket that collects `count` datagrams: resolves with them. */
async function receiver(count, options = {}) {
  const got = []
  const done = deferred(`${count} datagrams`)
  const socket = await udpSocket({
    hostname: '127.0.0.1',
    ...options,
    socket: {
      ...options.socket,
      data(s, data, port, address, flags) {
        got.push({ data, port, address, flags })
        if (got.length === count) done.resolve(got)
      },
    },
  })
  return { socket, done: done.promise }
}

describe('udp: datagrams', () => {
  it('sends and receives on IPv4 and IPv6, with the sender’s address and flags', async () => {
    for (const host of ['127.0.0.1', '::1']) {
      const { socket: a, done } = await receiver(2, { hostname: host })
      const b = await udpSocket({ hostname: host })
      try {
        assert.equal(String(a), '[object UDPSocket]')
        assert.deepEqual(Object.keys(a.address), ['address', 'family', 'port'])
        assert.equal(a.address, a.address, 'the address object is kept')
        assert.equal(b.send('hello', a.port, host), true)
        assert.equal(b.send(new Uint8Array([1, 2, 3]), a.port, host), true)
        const got = await done
        assert.equal(String(got[0].data), 'hello')
        assert.deepEqual([...got[1].data], [1, 2, 3])
        for (const d of got) {
          assert.equal(d.port, b.port)
          assert.equal(d.address, host)
          assert.deepEqual(d.flags, { truncated: false, ipv6: host === '::1' })
          assert.ok(Buffer.isBuffer(d.data))
        }
      } finally {
        a.close()
        b.close()
      }
    }
  })

  it('sends to IPv6 addresses with a zone, by name or number (send and sendMany)', async () => {
    const { socket: a, done } = await receiver(4, { hostname: '::1' })
    const b = await udpSocket({ hostname: '::1' })
    try {
      assert.equal(b.send('by name', a.port, '::1%lo'), true)
      assert.equal(b.send('by number', a.port, '::1%1'), true)
      // As in Bun, a zone no interface has is no zone.
      assert.equal(b.send('unknown zone', a.port, '::1%nosuch'), true)
      assert.equal(b.sendMany(['in a batch', a.port, '::1%lo']), 1)
      const got = await done
      assert.deepEqual(got.map((d) => String(d.data)).sort(), ['by name', 'by number', 'in a batch', 'unknown zone'])
      assert.ok(got.every((d) => d.address === '::1'))
      assert.throws(() => b.send('x', a.port, '127.0.0.1%lo'), { code: 'ERR_INVALID_ARG_TYPE', message: 'Invalid address' })
    } finally {
      a.close()
      b.close()
    }
  })

  it('takes the binaryType names Bun takes (class names, nodebuffer, empty)', async () => {
    for (const [given, meant] of [['ArrayBuffer', 'arraybuffer'], ['Uint8Array', 'uint8array'], ['Buffer', 'buffer'], ['nodebuffer', 'buffer'], ['', 'buffer']]) {
      const s = await udpSocket({ hostname: '127.0.0.1', binaryType: given, socket: { data() {} } })
      assert.equal(s.binaryType, meant, given)
      s.close()
    }
    await assert.rejects(async () => udpSocket({ hostname: '127.0.0.1', binaryType: 'blob', socket: { data() {} } }), {
      code: 'ERR_INVALID_ARG_TYPE',
    })
  })

  it('delivers each binaryType in memory of its own, and a 65,507-byte datagram whole', async () => {
    for (const binaryType of ['arraybuffer', 'uint8array', 'buffer']) {
      const { socket: a, done } = await receiver(2, { binaryType })
      const b = await udpSocket({ hostname: '127.0.0.1' })
      try {
        const big = Buffer.alloc(65_507, 7)
        b.send('x', a.port, '127.0.0.1')
        b.send(big, a.port, '127.0.0.1')
        const [small, large] = await done
        const expected = { arraybuffer: ArrayBuffer, uint8array: Uint8Array, buffer: Buffer }[binaryType]
        assert.ok(small.data instanceof expected, binaryType)
        assert.equal(small.data.byteLength, 1)
        assert.equal(large.data.byteLength, 65_507)
        assert.ok(Buffer.from(large.data).equals(big))
        if (binaryType !== 'arraybuffer') assert.equal(small.data.buffer.byteLength, 1, 'not a view into a shared buffer')
      } finally {
        a.close()
        b.close()
      }
    }
  })

  it('a sendMany cut short by a refused datagram is followed by drain, as in Bun', async () => {
    const { socket: a } = await receiver(1)
    const events = []
    const firstDrain = deferred('a new socket\'s drain')
    const both = deferred('drain and the error after the short count')
    const check = () => events.includes('error EMSGSIZE') && events.includes('drain after') && both.resolve()
    let sent
    const b = await udpSocket({
      hostname: '127.0.0.1',
      socket: {
        drain() {
          events.push(sent === undefined ? 'drain' : 'drain after')
          firstDrain.resolve()
          check()
        },
        // UDP's error handler gets the error alone.
        error(err) {
          events.push(`error ${err.code}`)
          check()
        },
      },
    })
    try {
      // Bun reports a new socket writable once; that drain comes first.
      await firstDrain.promise
      sent = b.sendMany(['a', a.port, '127.0.0.1', Buffer.alloc(65_508), a.port, '127.0.0.1', 'c', a.port, '127.0.0.1'])
      assert.equal(sent, 1)
      // The refused datagram's error and a drain, in either order.
      await both.promise
    } finally {
      a.close()
      b.close()
    }
  })

  it('sendMany sends every packet (unconnected and connected forms)', async () => {
    const { socket: a, done } = await receiver(5)
    const b = await udpSocket({ hostname: '127.0.0.1' })
    const c = await udpSocket({ hostname: '127.0.0.1', connect: { hostname: '127.0.0.1', port: a.port } })
    try {
      assert.equal(b.sendMany(['1', a.port, '127.0.0.1', Buffer.from('2'), a.port, '127.1', '3', a.port, '127.0.0.1']), 3)
      assert.equal(c.sendMany(['4', '5']), 2)
      const got = (await done).map((d) => String(d.data)).sort()
      assert.deepEqual(got, ['1', '2', '3', '4', '5'])
      assert.equal(b.sendMany([]), 0)
      assert.throws(() => b.sendMany(['x', a.port]), { code: 'ERR_INVALID_ARG_TYPE', message: 'Expected 3 arguments for each packet' })
      assert.throws(() => b.sendMany('x'), { message: "Expected first argument to be a array for 'sendMany'." })
    } finally {
      a.close()
      b.close()
      c.close()
    }
  })

  it('sendMany keeps each payload and destination: batches past 64 KiB, changing addresses, a nested call', async () => {
    // 40 datagrams of 2,000 bytes: past the 64 KiB the JS layer copies into
    // one buffer, so the batch switches to a list halfway. Destinations
    // alternate between two receivers, also changing the address text.
    const COUNT = 40
    const { socket: a, done: aDone } = await receiver(COUNT / 2 + 1)
    const { socket: d, done: dDone } = await receiver(COUNT / 2 + 2)
    const b = await udpSocket({ hostname: '127.0.0.1' })
    try {
      const packets = []
      for (let i = 0; i < COUNT; i++) {
        const payload = new Uint8Array(2000).fill(i)
        if (i % 2 === 0) packets.push(payload, a.port, i % 4 === 0 ? '127.0.0.1' : '127.1')
        else packets.push(payload, d.port, '127.0.0.1')
      }
      assert.equal(b.sendMany(packets), COUNT)
      // A port whose conversion sends a batch of its own, in the middle of
      // this one's: neither batch may take the other's bytes.
      const sneaky = { valueOf: () => (b.sendMany(['inner', a.port, '127.0.0.1']), d.port) }
      assert.equal(b.sendMany(['x', d.port, '127.0.0.1', 'outer', sneaky, '127.0.0.1']), 2)
      const fromA = (await aDone).map((m) => Buffer.from(m.data))
      const fromD = (await dDone).map((m) => Buffer.from(m.data))
      const expectA = [...Array(COUNT / 2)].map((_, k) => Buffer.alloc(2000, 2 * k))
      const expectD = [...Array(COUNT / 2)].map((_, k) => Buffer.alloc(2000, 2 * k + 1))
      assert.deepEqual(fromA.slice(0, COUNT / 2), expectA)
      assert.equal(String(fromA[COUNT / 2]), 'inner')
      assert.deepEqual(fromD.slice(0, COUNT / 2), expectD)
      assert.deepEqual(fromD.slice(COUNT / 2).map(String), ['x', 'outer'])
    } finally {
      a.close()
      b.close()
      d.close()
    }
  })
})

describe('udp: connected sockets and errors', () => {
  it('a connected socket sends with one argument and knows its peer', async () => {
    const { socket: a, done } = await receiver(1)
    const c = await udpSocket({ connect: { hostname: '127.0.0.1', port: a.port } })
    try {
      assert.deepEqual(c.remoteAddress, { address: '127.0.0.1', family: 'IPv4', port: a.port })
      assert.equal(c.send('to the peer'), true)
      assert.equal(String((await done)[0].data), 'to the peer')
      assert.throws(() => c.send('x', a.port, '127.0.0.1'), { message: 'Cannot specify destination on connected socket' })
      assert.throws(() => c.send('x', a.port), { message: 'Expected 1 argument, got 2' })
    } finally {
      a.close()
      c.close()
    }
  })

  it('reports an unreachable port (ICMP) to `error`, called with the error alone', async () => {
    // A port nobody listens on: one node:dgram held and released.
    const probe = dgram.createSocket('udp4')
    await new Promise((resolve) => probe.bind(0, '127.0.0.1', resolve))
    const deadPort = probe.address().port
    await new Promise((resolve) => probe.close(resolve))
    const failed = deferred('error')
    const c = await udpSocket({
      connect: { hostname: '127.0.0.1', port: deadPort },
      socket: {
        error(...args) {
          failed.resolve({ args, self: this })
        },
      },
    })
    try {
      c.send('anyone?')
      const { args, self } = await failed.promise
      assert.equal(args.length, 1)
      assert.equal(self, c)
      assert.equal(args[0].code, 'ECONNREFUSED')
      assert.equal(args[0].errqueue, true)
      assert.equal(args[0].syscall, 'recv')
    } finally {
      c.close()
    }
  })

  it('throws Bun’s errors, synchronously', async () => {
    const a = await udpSocket({ hostname: '127.0.0.1' })
    try {
      assert.throws(() => udpSocket({ hostname: '127.0.0.1', port: a.port }), (err) => {
        assert.equal(err.message, 'bind EADDRINUSE 127.0.0.1')
        assert.deepEqual([err.code, err.errno, err.syscall, err.address], ['EADDRINUSE', 98, 'bind', '127.0.0.1'])
        return true
      })
      assert.throws(() => udpSocket(5), { code: 'ERR_INVALID_ARG_TYPE', message: 'Expected an object' })
      assert.throws(() => udpSocket({ port: 70000 }), { message: 'Expected "port" to be an integer between 0 and 65535' })
      assert.throws(() => udpSocket({ port: NaN }), { message: 'Expected "port" to be an integer between 0 and 65535' })
      assert.throws(() => udpSocket({ connect: { hostname: '127.0.0.1', port: '' } }), {
        message: 'Expected "connect.port" to be an integer',
      })
      assert.throws(() => udpSocket({ hostname: 5 }), { message: 'Expected "hostname" to be a string' })
      assert.throws(() => udpSocket({ socket: { data: 5 } }), { message: 'Expected "socket.data" to be a function' })
      assert.throws(() => udpSocket({ connect: { port: 1 } }), { message: 'Expected "connect.hostname" to be a string' })
      // reload() checks the options as udpSocket() does (and keeps the handlers).
      assert.throws(() => a.reload({ hostname: 5 }), { code: 'ERR_INVALID_ARG_TYPE', message: 'Expected "hostname" to be a string' })
      assert.throws(() => a.reload({ port: 'abc' }), { message: 'Expected "port" to be an integer between 0 and 65535' })
      assert.throws(() => a.reload({ connect: { hostname: '127.0.0.1' } }), { message: 'Expected "connect.port" to be an integer' })
      a.reload({})
      assert.throws(() => a.send('x', 9, 'localhost'), { message: 'Invalid address' })
      assert.throws(() => a.send(Buffer.alloc(65_508), 9, '127.0.0.1'), { code: 'EMSGSIZE', syscall: 'send' })
      a.close()
      assert.equal(a.closed, true)
      assert.equal(a.fd, -1)
      assert.throws(() => a.send('x', 9, '127.0.0.1'), { message: 'Socket is closed' })
    } finally {
      a.close()
    }
  })

  it('keeps the process alive until closed or unref()', async () => {
    const kept = await runNode("const s = await Bun.udpSocket({}); setTimeout(() => { console.log('closing'); s.close() }, 100)")
    assert.equal(kept.stdout, 'closing\n')
    const unrefd = await runNode("const s = await Bun.udpSocket({}); s.unref(); console.log('unref')")
    assert.equal(unrefd.code, 0)
    assert.equal(unrefd.stdout, 'unref\n')
  })
})

describe('udp: interop with node:dgram', () => {
  it('exchanges datagrams both ways', async () => {
    const node = dgram.createSocket('udp4')
    await new Promise((resolve) => node.bind(0, '127.0.0.1', resolve))
    const fromUs = new Promise((resolve) => node.once('message', (msg, rinfo) => resolve([String(msg), rinfo.port])))
    const { socket: ours, done } = await receiver(1)
    try {
      ours.send('from bun-sockets', node.address().port, '127.0.0.1')
      assert.deepEqual(await fromUs, ['from bun-sockets', ours.port])
      node.send('from node:dgram', ours.port, '127.0.0.1')
      const [d] = await done
      assert.equal(String(d.data), 'from node:dgram')
      assert.equal(d.port, node.address().port)
    } finally {
      ours.close()
      node.close()
    }
  })
})

describe('udp: options', () => {
  it('multicast calls read addresses as send does: IPv6 zones name the interface, short IPv4 forms', async () => {
    const s = await udpSocket({ hostname: '::' })
    try {
      assert.equal(s.setMulticastInterface('::%lo'), true)
      assert.equal(s.setMulticastInterface('127.1'), true)
      // A zone no interface has is no zone (the kernel's choice), as in Bun.
      assert.equal(s.setMulticastInterface('::%999'), true)
      // "5" is 0.0.0.5 (inet_aton), an address no interface has.
      assert.throws(() => s.setMulticastInterface('5'), { code: 'EADDRNOTAVAIL' })
      assert.throws(() => s.addMembership('239.1.3.10', 5), { code: 'ENODEV', syscall: 'setsockopt' })
      assert.throws(() => s.addMembership('239.1.3.11', '::%lo'), {
        name: 'TypeError',
        message: 'Family mismatch between address and interface',
      })
      assert.equal(s.addMembership('ff02::1234%lo'), true)
      assert.equal(s.dropMembership('ff02::1234%lo'), true)
      assert.equal(s.addMembership('ff3e::77', '::%lo'), true)
      assert.equal(s.dropMembership('ff3e::77', '::%lo'), true)
    } finally {
      s.close()
    }
  })

  it('joins a multicast group on loopback, and leaves it', async () => {
    const got = []
    const first = deferred('multicast datagram')
    const receiver = await udpSocket({
      hostname: '0.0.0.0',
      socket: {
        data(s, data, port, address) {
          got.push([String(data), address])
          first.resolve()
        },
      },
    })
    const sender = await udpSocket({ hostname: '127.0.0.1' })
    try {
      assert.equal(receiver.addMembership('239.255.0.1', '127.0.0.1'), true)
      assert.equal(sender.setMulticastInterface('127.0.0.1'), true)
      assert.equal(sender.setMulticastTTL(1), 1)
      assert.equal(sender.setMulticastLoopback(true), true)
      sender.send('to the group', receiver.port, '239.255.0.1')
      await first.promise
      assert.deepEqual(got, [['to the group', '127.0.0.1']])
      assert.equal(receiver.dropMembership('239.255.0.1', '127.0.0.1'), true)
      assert.throws(() => receiver.dropMembership('239.255.0.1', '127.0.0.1'), { code: 'EADDRNOTAVAIL', syscall: 'setsockopt' })
    } finally {
      receiver.close()
      sender.close()
    }
  })

  // IPv6 groups are joined on the interface the kernel picks by route
  // (Bun does the same); a machine without an IPv6 multicast route
  // cannot join at all, which node:dgram shows first.
  it('joins and leaves an IPv6 source-specific group (as Bun 1.4.4 does)', async (t) => {
    const probe = dgram.createSocket('udp6')
    await new Promise((resolve) => probe.bind(0, '::', resolve))
    let unsupported
    try {
      probe.addSourceSpecificMembership('::1', 'ff3e::4321')
    } catch (err) {
      unsupported = err.code
    } finally {
      probe.close()
    }
    if (unsupported) {
      t.skip(`this machine cannot join IPv6 multicast groups (node:dgram: ${unsupported})`)
      return
    }
    const s = await udpSocket({ hostname: '::' })
    try {
      assert.equal(s.addSourceSpecificMembership('::1', 'ff3e::1234'), true)
      assert.throws(() => s.addSourceSpecificMembership('::1', 'ff3e::1234'), { code: 'EADDRNOTAVAIL', syscall: 'setsockopt' })
      // An any-source join of a group joined for one source conflicts.
      assert.throws(() => s.addMembership('ff3e::1234'), { code: 'EADDRINUSE', syscall: 'setsockopt' })
      assert.equal(s.dropSourceSpecificMembership('::1', 'ff3e::1234'), true)
      assert.throws(() => s.dropSourceSpecificMembership('::1', 'ff3e::1234'), { code: 'EINVAL', syscall: 'setsockopt' })
      assert.equal(s.addSourceSpecificMembership('::1', 'ff3e::1235', '::1'), true)
      assert.throws(() => s.addSourceSpecificMembership('::1', '2001:db8::1'), { code: 'EINVAL' })
    } finally {
      s.close()
    }
  })

  it('broadcasts on the loopback network once setBroadcast(true)', async () => {
    const got = deferred('broadcast datagram')
    const receiver = await udpSocket({ hostname: '0.0.0.0', socket: { data: (s, d) => got.resolve(String(d)) } })
    const sender = await udpSocket({ hostname: '127.0.0.1' })
    try {
      assert.equal(sender.setBroadcast(true), true)
      sender.send('to everyone here', receiver.port, '127.255.255.255')
      assert.equal(await got.promise, 'to everyone here')
      assert.throws(() => sender.setTTL(0), { code: 'EINVAL' })
      assert.equal(sender.setTTL(64), 64)
    } finally {
      receiver.close()
      sender.close()
    }
  })
})
