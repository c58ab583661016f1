// jest and vitest (globals: true) run these same files.
const s = require('../shared/scenarios.cjs')

test('Bun is the polyfill', () => {
  expect(typeof Bun.listen).toBe('function')
  expect(typeof Bun.udpSocket).toBe('function')
})
test('TCP echo', async () => {
  expect(await s.tcpEcho()).toBe('ping over TCP')
})
test('bytes from the sandbox realm', async () => {
  expect(await s.typedArrayEcho()).toEqual([0, 1, 2, 253, 254, 255])
})
test('Unix socket echo', async () => {
  expect(await s.unixEcho()).toBe('ping over a Unix socket')
})
test('connection refused', async () => {
  expect(await s.refused()).toEqual({ name: 'Error', code: 'ECONNREFUSED', syscall: 'connect' })
})
test('events keep coming while the runner fakes timers and ticks', async () => {
  if (typeof jest !== 'undefined') {
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'Date', 'performance', 'hrtime'] })
  } else {
    vi.useFakeTimers({ toFake: ['setImmediate', 'clearImmediate', 'queueMicrotask', 'setInterval', 'clearInterval'] })
  }
  try {
    expect(await s.burstUnderFakeTimers()).toEqual(['data hello', 'end'])
  } finally {
    if (typeof jest !== 'undefined') jest.useRealTimers()
    else vi.useRealTimers()
  }
})
