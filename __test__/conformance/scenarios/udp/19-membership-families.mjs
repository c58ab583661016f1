// Multicast membership calls whose addresses are of different families:
// Bun throws a TypeError naming which, before asking the kernel (and
// before ENOPROTOOPT on an IPv4 socket); a closed socket says EBADF first.
// Unparsable interfaces are ignored, unparsable groups are EINVAL.
import { attempt, guard } from './_trace.mjs'
guard()
const v4 = await Bun.udpSocket({ hostname: '0.0.0.0' })
const v6 = await Bun.udpSocket({ hostname: '::' })
for (const [label, fn] of [
  ['v4 addMembership v6 group, v4 interface', () => v4.addMembership('ff3e::1', '127.0.0.1')],
  ['v4 addMembership v4 group, v6 interface', () => v4.addMembership('232.1.1.1', '::1')],
  ['v4 dropMembership v4 group, v6 interface', () => v4.dropMembership('232.1.1.1', '::1')],
  ['v4 addMembership bogus group, v6 interface', () => v4.addMembership('bogus', '::1')],
  ['v4 addSourceSpecificMembership v6 source, v4 group', () => v4.addSourceSpecificMembership('::1', '232.1.1.1')],
  ['v4 addSourceSpecificMembership v4 source, v6 group', () => v4.addSourceSpecificMembership('127.0.0.1', 'ff3e::1')],
  ['v4 addSourceSpecificMembership v6 both, v4 interface', () => v4.addSourceSpecificMembership('::1', 'ff3e::1', '127.0.0.1')],
  ['v4 addSourceSpecificMembership v6 both', () => v4.addSourceSpecificMembership('::1', 'ff3e::1')],
  ['v4 addSourceSpecificMembership bogus source, v6 group', () => v4.addSourceSpecificMembership('bogus', 'ff3e::1')],
  ['v6 addSourceSpecificMembership v6 source, v4 group', () => v6.addSourceSpecificMembership('::1', '232.1.1.1')],
  ['v6 dropSourceSpecificMembership v4 source, v6 group', () => v6.dropSourceSpecificMembership('127.0.0.1', 'ff3e::1')],
  ['v6 addSourceSpecificMembership v6 both, v4 interface', () => v6.addSourceSpecificMembership('::1', 'ff3e::3', '127.0.0.1')],
  ['v6 addSourceSpecificMembership v4 both, v6 interface', () => v6.addSourceSpecificMembership('127.0.0.1', '232.1.1.3', '::1')],
  ['v6 addMembership v6 group, v4 interface', () => v6.addMembership('ff3e::7', '127.0.0.1')],
  ['v6 addMembership v4 group, v6 interface', () => v6.addMembership('232.1.1.7', '::1')],
  ['v6 addSourceSpecificMembership mapped addresses', () => v6.addSourceSpecificMembership('::ffff:127.0.0.1', '::ffff:232.1.1.2')],
]) {
  attempt(label, fn)
}
v4.close()
v6.close()
attempt('closed, families differ', () => v4.addMembership('232.1.1.1', '::1'))
attempt('closed, source and group differ', () => v4.addSourceSpecificMembership('::1', '232.1.1.1'))
