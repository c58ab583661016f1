// file() (Bun.file) for Node: lazy creation, every property and method,
// Bun's MIME types, slices, streams, and the exact errors Bun gives for
// bad input and for files that cannot be read. Expected values were taken
// from Bun 1.4.4; deliberate differences are labelled as such.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { ReadableStream } from 'node:stream/web'
import { pathToFileURL } from 'node:url'
import util from 'node:util'
import { after, test } from 'node:test'

const require = createRequire(import.meta.url)
const { file, BunFile, isBunFile, readBytesSync } = require('../js/file.js')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bun-file-test-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))

let counter = 0
/** A fresh file in the temp dir holding `contents`; returns its path. */
function makeFile(contents, name = `f${++counter}.txt`) {
  const where = path.join(dir, name)
  fs.writeFileSync(where, contents)
  return where
}

function missingPath(name = `missing${++counter}.txt`) {
  return path.join(dir, name)
}

const ENOENT = -os.constants.errno.ENOENT

/** Asserts Bun's shape for a failed file read: own keys in Bun's order. */
function assertFileError(err, { code, errno, syscall, path: where, message }) {
  assert.equal(err.constructor, Error)
  assert.equal(err.name, 'Error')
  assert.equal(err.message, message)
  assert.equal(err.code, code)
  assert.equal(err.errno, errno)
  assert.equal(err.syscall, syscall)
  assert.equal(err.path, where)
  assert.deepEqual(Object.keys(err), where === undefined ? ['code', 'syscall', 'errno'] : ['code', 'path', 'syscall', 'errno'])
  return true
}

function enoent(where) {
  return { code: 'ENOENT', errno: ENOENT, syscall: 'open', path: where, message: `ENOENT: no such file or directory, open '${where}'` }
}

/** Asserts a synchronous argument error: class, code, message, Bun's printing. */
function throwsArgError(fn, ctor, code, message) {
  assert.throws(fn, (err) => {
    assert.equal(err.constructor, ctor)
    assert.equal(err.code, code)
    if (message !== undefined) assert.equal(err.message, message)
    assert.deepEqual(Object.keys(err), [])
    assert.equal(String(err), `${ctor.name} [${code}]: ${err.message}`)
    return true
  })
}

async function readStream(stream) {
  const chunks = []
  for (const reader = stream.getReader(); ;) {
    const { done, value } = await reader.read()
    if (done) return chunks
    chunks.push(value)
  }
}

test('exports file, BunFile, isBunFile and readBytesSync', () => {
  assert.equal(typeof file, 'function')
  assert.equal(typeof BunFile, 'function')
  assert.equal(typeof isBunFile, 'function')
  assert.equal(typeof readBytesSync, 'function')
  assert.equal(file.length, 1)
})

test('creating a file reads nothing: it may not exist yet', async () => {
  const where = missingPath()
  const f = file(where)
  fs.writeFileSync(where, 'made later')
  assert.equal(await f.text(), 'made later')
  assert.equal(f.size, 10)
})

test('is a Blob, branded privately', () => {
  const f = file(makeFile('x'))
  assert.ok(f instanceof Blob)
  assert.ok(f instanceof BunFile)
  assert.equal(Object.prototype.toString.call(f), '[object Blob]')
  assert.equal(isBunFile(f), true)
  assert.equal(isBunFile(f.slice(0, 1)), true)
  assert.equal(isBunFile(new BunFile(makeFile('y'))), true)
  for (const other of [new Blob(['x']), {}, null, undefined, 'a.txt', Object.create(BunFile.prototype), { name: 'a', size: 1, type: '', text() {}, slice() {} }]) {
    assert.equal(isBunFile(other), false)
  }
})

test('no own enumerable state; Blob members are enumerable on the prototype', () => {
  const f = file(makeFile('x'))
  assert.deepEqual(Reflect.ownKeys(f), [])
  assert.equal(JSON.stringify(f), '{}')
  for (const key of ['name', 'type', 'size', 'lastModified', 'exists', 'arrayBuffer', 'bytes', 'text', 'json', 'slice', 'stream']) {
    assert.equal(Object.getOwnPropertyDescriptor(BunFile.prototype, key).enumerable, true, key)
  }
  assert.equal(BunFile.prototype.slice.length, 2)
})

test('name is the path as given', () => {
  assert.equal(file('a.txt').name, 'a.txt')
  assert.equal(file('./dir/a.txt').name, './dir/a.txt')
  assert.equal(file('').name, '')
  // A file: string is just a relative path, as in Bun.
  assert.equal(file('file:///tmp/x.txt').name, 'file:///tmp/x.txt')
  assert.equal(file(new String('s.txt')).name, 's.txt')
  assert.equal(file(new URL('file:///tmp/a%20b.txt')).name, '/tmp/a b.txt')
  assert.equal(file(new URL('file://localhost/tmp/x')).name, '/tmp/x')
  assert.equal(file(Buffer.from('b.txt')).name, 'b.txt')
  assert.equal(file(new TextEncoder().encode('u.txt')).name, 'u.txt')
  assert.equal(file(new TextEncoder().encode('ab.txt').buffer).name, 'ab.txt')
  assert.equal(file(new DataView(new TextEncoder().encode('dv.txt').buffer)).name, 'dv.txt')
  assert.equal(file(1).name, undefined)
})

test('name can be set to a string, null or undefined; other values are ignored', () => {
  const f = file('a.txt')
  f.name = 5
  assert.equal(f.name, 'a.txt')
  f.name = {}
  assert.equal(f.name, 'a.txt')
  f.name = 'b.txt'
  assert.equal(f.name, 'b.txt')
  f.name = null
  assert.equal(f.name, null)
  f.name = undefined
  assert.equal(f.name, undefined)
  assert.equal(f.type, 'text/plain;charset=utf-8')
})

test('byte paths open even when they are not UTF-8', async () => {
  const raw = Buffer.concat([Buffer.from(path.join(dir, 'latin1-')), Buffer.from([0xe9]), Buffer.from('.txt')])
  fs.writeFileSync(raw, 'bytes')
  const f = file(raw)
  assert.equal(f.name, `${path.join(dir, 'latin1-')}\ufffd.txt`)
  assert.equal(await f.text(), 'bytes')
})

test('type comes from the extension, as Bun maps it', () => {
  const cases = {
    'a.txt': 'text/plain;charset=utf-8',
    'a.TXT': 'text/plain;charset=utf-8',
    'a.json': 'application/json;charset=utf-8',
    'a.JsOn': 'application/json;charset=utf-8',
    'a.js': 'text/javascript;charset=utf-8',
    'a.mjs': 'text/javascript;charset=utf-8',
    'a.ts': 'text/javascript;charset=utf-8',
    'a.tsx': 'text/javascript;charset=utf-8',
    'a.html': 'text/html;charset=utf-8',
    'a.css': 'text/css;charset=utf-8',
    'a.md': 'text/markdown',
    'a.csv': 'text/csv',
    'a.svg': 'image/svg+xml',
    'a.png': 'image/png',
    'a.jpg': 'image/jpeg',
    'a.ico': 'image/x-icon',
    'a.wasm': 'application/wasm',
    'a.pdf': 'application/pdf',
    'a.tar.gz': 'application/gzip',
    'a.woff2': 'font/woff2',
    'a.mp4': 'video/mp4',
    'a.pem': 'application/x-x509-ca-cert',
    'a.crt': 'application/x-x509-ca-cert',
    'a.cer': 'application/pkix-cert',
    'a.key': 'application/x-iwork-keynote-sffkey',
    'a.p12': 'application/x-pkcs12',
    'a.rs': 'application/rls-services+xml',
    'a.py': 'application/octet-stream',
    'a.unknownext': 'application/octet-stream',
    'a.jsonc': 'application/octet-stream',
    noext: 'application/octet-stream',
    '.txt': 'application/octet-stream',
    '..txt': 'text/plain;charset=utf-8',
    'foo.': 'application/octet-stream',
    'x.txt/': 'text/plain;charset=utf-8',
    'a.b/c': 'application/octet-stream',
    'a.txt?x': 'application/octet-stream',
  }
  for (const [name, type] of Object.entries(cases)) assert.equal(file(name).type, type, name)
  assert.equal(file(new URL('file:///x/a.json')).type, 'application/json;charset=utf-8')
  assert.equal(file(Buffer.from('a.txt')).type, 'text/plain;charset=utf-8')
  assert.equal(file(1).type, 'application/octet-stream')
})

test('a type option is canonicalised or lower-cased; unusable ones are ignored', () => {
  const typeOf = (type) => file('a.txt', { type }).type
  assert.equal(typeOf('foo/bar'), 'foo/bar')
  assert.equal(typeOf('Foo/BAR'), 'foo/bar')
  assert.equal(typeOf('text/plain'), 'text/plain;charset=utf-8')
  assert.equal(typeOf('Text/Plain'), 'text/plain')
  assert.equal(typeOf('application/json'), 'application/json;charset=utf-8')
  assert.equal(typeOf('application/javascript'), 'text/javascript;charset=utf-8')
  assert.equal(typeOf('application/webassembly'), 'application/wasm')
  assert.equal(typeOf('text/plain; charset=latin1'), 'text/plain; charset=latin1')
  assert.equal(typeOf(' a/b'), ' a/b')
  assert.equal(typeOf('constructor'), 'constructor')
  assert.equal(typeOf('__proto__'), '__proto__')
  for (const ignored of ['', 5, '\u00e9', 'a/b\x7f', 'text/plain\0', undefined]) {
    assert.equal(typeOf(ignored), 'text/plain;charset=utf-8', String(ignored))
  }
  for (const options of [5, null, 'x/y', undefined]) {
    assert.equal(file('a.txt', options).type, 'text/plain;charset=utf-8')
  }
  assert.equal(file(1, { type: 'text/plain' }).type, 'text/plain;charset=utf-8')
})

test('size: bytes on disk, 0 for a missing file, fixed at first use', () => {
  const where = makeFile('hello world')
  const f = file(where)
  assert.equal(f.size, 11)
  fs.writeFileSync(where, 'hello world, longer')
  assert.equal(f.size, 11, 'Bun stats once')
  assert.equal(file(where).size, 19)

  const later = missingPath()
  const m = file(later)
  assert.equal(m.size, 0)
  fs.writeFileSync(later, 'abc')
  assert.equal(m.size, 0, 'a missing size is fixed too')
  assert.equal(file(later).size, 3)

  assert.equal(file(dir).size, fs.statSync(dir).size)
  assert.equal(file(2147483647).size, 0)
})

test('size is Infinity for devices', { skip: !fs.existsSync('/dev/null') }, () => {
  assert.equal(file('/dev/null').size, Infinity)
})

test('lastModified: whole milliseconds, fixed at first use, 2 ** 52 - 1 if unknown', () => {
  const where = makeFile('x')
  fs.utimesSync(where, 3000.5, 3000.5)
  const f = file(where)
  assert.equal(f.lastModified, 3000500)
  fs.utimesSync(where, 4000, 4000)
  assert.equal(f.lastModified, 3000500)
  assert.equal(file(where).lastModified, 4000000)
  fs.utimesSync(where, 3000.0006, 3000.0006)
  assert.equal(file(where).lastModified, 3000000)

  const later = missingPath()
  const m = file(later)
  assert.equal(m.lastModified, 2 ** 52 - 1)
  assert.equal(file(2147483647).lastModified, 2 ** 52 - 1)
  fs.writeFileSync(later, 'x')
  fs.utimesSync(later, 5000, 5000)
  assert.equal(m.lastModified, 5000000, 'an unknown lastModified is not fixed')
})

test('lastModified and size are fixed by the same stat', () => {
  const where = makeFile('abc')
  const f = file(where)
  assert.equal(typeof f.lastModified, 'number')
  fs.writeFileSync(where, 'abcdef')
  assert.equal(f.size, 3)
})

test('text, arrayBuffer, bytes and json read the file', async () => {
  const f = file(makeFile('hello world'))
  assert.equal(await f.text(), 'hello world')
  const ab = await f.arrayBuffer()
  assert.equal(ab.constructor, ArrayBuffer)
  assert.equal(ab.byteLength, 11)
  assert.equal(Buffer.from(ab).toString(), 'hello world')
  const bytes = await f.bytes()
  assert.equal(bytes.constructor, Uint8Array)
  assert.equal(Buffer.isBuffer(bytes), false)
  assert.equal(Buffer.from(bytes).toString(), 'hello world')
  assert.deepEqual(await file(makeFile('{"a":[1,2]}', 'data.json')).json(), { a: [1, 2] })
  assert.equal(await file(makeFile('')).text(), '')
  assert.equal((await file(makeFile('')).arrayBuffer()).byteLength, 0)
})

test('json: SyntaxError for bad JSON', async () => {
  await assert.rejects(file(makeFile('hello world')).json(), SyntaxError)
  await assert.rejects(file(makeFile('')).json(), SyntaxError)
})

test('text decoding: UTF-8 BOM dropped, bad bytes replaced, UTF-16LE BOM honoured', async () => {
  assert.equal(await file(makeFile(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]))).text(), 'hi')
  assert.equal((await file(makeFile(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]))).bytes()).length, 5)
  assert.equal(await file(makeFile(Buffer.from([0x61, 0xc3, 0x28, 0x62]))).text(), 'a\ufffd(b')
  assert.equal(await file(makeFile(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x62]))).text(), 'a')
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"b":1}', 'utf16le')])
  assert.deepEqual(await file(makeFile(utf16, 'u16.json')).json(), { b: 1 })
  assert.deepEqual(await file(makeFile('\ufeff{"c":3}', 'bom.json')).json(), { c: 3 })
})

test('reads see the file as it is now (deliberate difference: Bun cuts them to a cached size)', async () => {
  const where = makeFile('ab')
  const f = file(where)
  assert.equal(f.size, 2)
  fs.writeFileSync(where, 'abcdef')
  assert.equal(await f.text(), 'abcdef')
  assert.equal(readBytesSync(f).toString(), 'abcdef')
  assert.equal(f.size, 2)
})

test('exists: true for a regular file, false for missing files and directories', async () => {
  assert.equal(await file(makeFile('x')).exists(), true)
  assert.equal(await file(missingPath()).exists(), false)
  assert.equal(await file('').exists(), false)
  assert.equal(await file(dir).exists(), false)
  assert.equal(await file(2147483647).exists(), false)
  assert.equal(await file(makeFile('x')).slice(5, 9).exists(), true)
  if (fs.existsSync('/dev/null')) assert.equal(await file('/dev/null').exists(), false)
})

test('a missing file rejects with ENOENT from open, in Bun\'s shape', async () => {
  const where = missingPath()
  const f = file(where)
  for (const method of ['text', 'arrayBuffer', 'bytes', 'json']) {
    await assert.rejects(f[method](), (err) => assertFileError(err, enoent(where)), method)
  }
  await assert.rejects(f.slice(1, 3).text(), (err) => assertFileError(err, enoent(where)))
  const stream = f.stream()
  assert.ok(stream instanceof ReadableStream, 'the stream is made before anything is opened')
  await assert.rejects(readStream(stream), (err) => assertFileError(err, enoent(where)))
  assert.throws(() => readBytesSync(f), (err) => assertFileError(err, enoent(where)))
  assert.equal(String(await f.text().catch((err) => err)), `Error: ENOENT: no such file or directory, open '${where}'`)
})

test('the empty path fails without a path in the error', async () => {
  const expected = { code: 'ENOENT', errno: ENOENT, syscall: 'open', path: undefined, message: 'ENOENT: no such file or directory, open' }
  await assert.rejects(file('').text(), (err) => assertFileError(err, expected))
  await assert.rejects(readStream(file('').stream()), (err) => assertFileError(err, expected))
})

test('other open errors keep their code and errno', async () => {
  const where = path.join(makeFile('x'), 'child')
  await assert.rejects(file(where).text(), (err) => assertFileError(err, {
    code: 'ENOTDIR',
    errno: -os.constants.errno.ENOTDIR,
    syscall: 'open',
    path: where,
    message: `ENOTDIR: not a directory, open '${where}'`,
  }))
})

test('a directory cannot be read: Bun\'s EISDIR error', async () => {
  const expected = { code: 'EISDIR', errno: 0, syscall: 'read', path: dir, message: 'Directories cannot be read like files' }
  await assert.rejects(file(dir).text(), (err) => assertFileError(err, expected))
  await assert.rejects(file(dir).arrayBuffer(), (err) => assertFileError(err, expected))
  assert.throws(() => readBytesSync(file(dir)), (err) => assertFileError(err, expected))
  // Streams fail earlier, at fstat, as in Bun.
  await assert.rejects(readStream(file(dir).stream()), (err) => assertFileError(err, {
    code: 'EISDIR',
    errno: -os.constants.errno.EISDIR,
    syscall: 'fstat',
    path: undefined,
    message: 'EISDIR: illegal operation on a directory, fstat',
  }))
})

test('a bad file descriptor fails at fstat, without a path', async () => {
  const expected = { code: 'EBADF', errno: -os.constants.errno.EBADF, syscall: 'fstat', path: undefined, message: 'EBADF: bad file descriptor, fstat' }
  await assert.rejects(file(2147483647).text(), (err) => assertFileError(err, expected))
  assert.throws(() => readBytesSync(file(2147483647)), (err) => assertFileError(err, expected))
})

test('a file descriptor is read from its position; slices use offsets; it stays open', async () => {
  const fd = fs.openSync(makeFile('hello world'), 'r')
  try {
    const f = file(fd)
    assert.equal(f.size, 11)
    assert.equal(await f.exists(), true)
    fs.readSync(fd, Buffer.alloc(3), 0, 3, null)
    assert.equal(await f.text(), 'lo world')
    assert.equal(await f.text(), '', 'the position moved to the end')
    assert.equal(await f.slice(1, 4).text(), 'ell')
    assert.equal(readBytesSync(f.slice(6)).toString(), 'world')
    assert.equal(fs.fstatSync(fd).size, 11, 'the fd is still open')
  } finally {
    fs.closeSync(fd)
  }
})

test('slice: Bun\'s argument rules and the Blob spec\'s offsets', async () => {
  const f = file(makeFile('hello world'))
  // Bun gives these answers once it knows the size; before that it counts
  // negative and open-ended offsets from 2 ** 52 - 1 (not copied here).
  assert.equal(f.size, 11)
  const cases = [
    [[1, 5], 'ello'],
    [[3], 'lo world'],
    [[-5], 'world'],
    [[-3], 'rld'],
    [[2, -3], 'llo wo'],
    [[-100, 3], 'hel'],
    [[0, 100], 'hello world'],
    [[2, 100], 'llo world'],
    [[100], ''],
    [[8, 2], ''],
    [[1.7, 4.2], 'ell'],
    [[-1.5], 'd'],
    [[-0.5], 'hello world'],
    [[NaN], 'hello world'],
    [[5, Infinity], ' world'],
    [[-Infinity], 'hello world'],
    [[2 ** 53], ''],
    [[undefined, 3], 'hel'],
    [[null, 3], 'hel'],
    [[null, -2], 'hello wor'],
    [[3, -Infinity], ''],
    [[-Infinity, -2], 'hello wor'],
    // Non-numbers are ignored (null too, unlike the Blob spec); strings
    // become the type.
    [[3, null], 'lo world'],
    [[true, 3], 'hel'],
    [[{}, 3], 'hel'],
    [[[2], 4], 'hell'],
    [['2', '5'], 'hello world'],
    [[1n], 'hello world'],
    [[], 'hello world'],
  ]
  for (const [args, text] of cases) {
    const part = f.slice(...args)
    assert.equal(await part.text(), text, `slice(${args.map(String)})`)
    assert.equal(part.size, text.length, `slice(${args.map(String)}).size`)
  }
  assert.equal(await f.slice(2, 9).slice(-3).text(), 'wor')
  assert.equal(await f.slice(2, 9).slice(1, 100).text(), 'lo wor')
  assert.equal(f.slice(2, 9).slice(1, 100).size, 6)
  assert.notEqual(f.slice(), f)
})

test('slice keeps name and type unless given a content type', () => {
  const f = file(makeFile('hello world'))
  assert.equal(f.size, 11)
  const part = f.slice(0, 5)
  assert.equal(part.name, f.name)
  assert.equal(part.type, 'text/plain;charset=utf-8')
  assert.ok(part instanceof Blob)
  assert.equal(f.slice(0, 5, 'x/y').type, 'x/y')
  assert.equal(f.slice(0, 5, 'X/Y').type, 'x/y')
  assert.equal(f.slice('x/y').type, 'x/y')
  assert.equal(f.slice('x/y').size, 11)
  assert.equal(f.slice(1, 'x/y').type, 'x/y')
  assert.equal(f.slice(1, 'x/y').size, 10)
  assert.equal(f.slice(1, 5, 'application/json').type, 'application/json;charset=utf-8')
  assert.equal(f.slice(1, 5, '').type, 'text/plain;charset=utf-8')
  assert.equal(f.slice(1, 5, 5).type, 'text/plain;charset=utf-8')
  assert.equal(f.slice(0, 5).lastModified, f.lastModified)
})

test('slices of a missing file have size 0 and fail to read (Bun: end - start until it knows the size)', async () => {
  const where = missingPath()
  assert.equal(file(where).slice(1, 3).size, 0)
  assert.equal(await file(where).slice(1, 3).exists(), false)
  await assert.rejects(file(where).slice(1).bytes(), (err) => assertFileError(err, enoent(where)))
})

test('stream: a web ReadableStream of Uint8Array chunks', async () => {
  const f = file(makeFile('hello world'))
  const stream = f.stream()
  assert.ok(stream instanceof ReadableStream)
  const chunks = await readStream(stream)
  assert.ok(chunks.every((chunk) => chunk.constructor === Uint8Array))
  assert.equal(Buffer.concat(chunks).toString(), 'hello world')
  assert.equal(Buffer.concat(await readStream(f.slice(2, 7).stream())).toString(), 'llo w')
  assert.deepEqual(await readStream(file(makeFile('')).stream()), [])
  assert.deepEqual(await readStream(f.slice(4, 4).stream()), [])
})

test('stream: a large file comes in several chunks', async () => {
  const data = Buffer.alloc(600 * 1024)
  for (let i = 0; i < data.length; i++) data[i] = i % 251
  const f = file(makeFile(data, 'big.bin'))
  assert.equal(f.size, data.length)
  const chunks = await readStream(f.stream())
  assert.ok(chunks.length > 1)
  assert.ok(Buffer.concat(chunks).equals(data))
  const tail = Buffer.concat(await readStream(f.slice(-1000).stream()))
  assert.ok(tail.equals(data.subarray(-1000)))
  assert.ok(Buffer.from(await f.arrayBuffer()).equals(data))
  assert.ok(Buffer.from(await f.slice(300000, 300010).arrayBuffer()).equals(data.subarray(300000, 300010)))
})

test('stream: cancelling closes the file', async () => {
  const f = file(makeFile(Buffer.alloc(600 * 1024, 1), 'cancel.bin'))
  const reader = f.stream().getReader()
  const { value } = await reader.read()
  assert.ok(value.length > 0)
  await reader.cancel()
  const { done } = await reader.read()
  assert.equal(done, true)
})

test('readBytesSync returns a Buffer of the file or slice', () => {
  const f = file(makeFile('-----BEGIN KEY-----\n', 'key.pem'))
  const bytes = readBytesSync(f)
  assert.ok(Buffer.isBuffer(bytes))
  assert.equal(bytes.toString(), '-----BEGIN KEY-----\n')
  assert.equal(readBytesSync(f.slice(5, 10)).toString(), 'BEGIN')
  assert.equal(readBytesSync(file(makeFile(''))).length, 0)
})

test('readBytesSync refuses anything but a BunFile', () => {
  for (const value of [undefined, 'a.txt', new Blob(['x']), {}, Object.create(BunFile.prototype)]) {
    throwsArgError(() => readBytesSync(value), TypeError, 'ERR_INVALID_ARG_TYPE')
  }
})

test('bad paths: TypeError ERR_INVALID_ARG_TYPE', () => {
  const message = 'Expected file path string or file descriptor'
  for (const value of [undefined, null, {}, true, Symbol('x'), 1n, new Blob(['x']), new Uint16Array(3), new Int8Array([97]), new Float64Array(1), { href: 'file:///tmp/a', protocol: 'file:' }]) {
    throwsArgError(() => file(value), TypeError, 'ERR_INVALID_ARG_TYPE', message)
  }
  throwsArgError(() => file(), TypeError, 'ERR_INVALID_ARG_TYPE', message)
  throwsArgError(() => file(file('a.txt')), TypeError, 'ERR_INVALID_ARG_TYPE', message)
  throwsArgError(() => file(Buffer.alloc(0)), TypeError, 'ERR_INVALID_ARG_TYPE', "Invalid path buffer: can't be empty")
})

test('bad file descriptors: RangeError ERR_OUT_OF_RANGE', () => {
  for (const fd of [1.5, NaN, Infinity]) {
    throwsArgError(() => file(fd), RangeError, 'ERR_OUT_OF_RANGE', `The value of "fd" is out of range. It must be an integer. Received ${fd}`)
  }
  for (const fd of [-1, 2147483648, 2 ** 40]) {
    throwsArgError(() => file(fd), RangeError, 'ERR_OUT_OF_RANGE', `The value of "fd" is out of range. It must be >= 0 && <= 2147483647. Received ${fd}`)
  }
  assert.equal(file(-0).name, undefined)
  assert.equal(file(2147483647).name, undefined)
})

test('bad URLs and null bytes: Bun\'s codes', () => {
  const urlMessage = 'URL must be a non-empty "file:" path'
  throwsArgError(() => file(new URL('http://x/a.txt')), TypeError, 'ERR_INVALID_URL_SCHEME', urlMessage)
  throwsArgError(() => file(new URL('file://host/tmp/a.txt')), TypeError, 'ERR_INVALID_FILE_URL_HOST', urlMessage)
  throwsArgError(() => file(new URL('file:///tmp/a%2Fb')), TypeError, 'ERR_INVALID_FILE_URL_PATH', urlMessage)
  const nul = (shown) => `The argument 'path' must be a string, Uint8Array, or URL without null bytes. Received ${shown}`
  throwsArgError(() => file('a\0b'), TypeError, 'ERR_INVALID_ARG_VALUE', nul('"a\\u0000b"'))
  throwsArgError(() => file(Buffer.from('a\0b')), TypeError, 'ERR_INVALID_ARG_VALUE', nul('"a\\u0000b"'))
  throwsArgError(() => file(new URL('file:///tmp/a%00b')), TypeError, 'ERR_INVALID_ARG_VALUE', nul('"/tmp/a\\u0000b"'))
})

test('s3:// paths are not supported (deliberate difference: Bun makes an S3File)', () => {
  throwsArgError(() => file('s3://bucket/key.txt'), Error, 'ERR_NOT_IMPLEMENTED')
})

test('a file: URL reads the file it names', async () => {
  const where = makeFile('via url')
  assert.equal(await file(pathToFileURL(where)).text(), 'via url')
})

test('new Response(file) reads it through the Blob methods', async () => {
  const response = new Response(file(makeFile('hello world')))
  assert.equal(response.headers.get('content-type'), 'text/plain;charset=utf-8')
  assert.equal(await response.text(), 'hello world')
})

test('Node copies only real Blobs by handle (known difference: Bun copies the bytes)', async () => {
  const f = file(makeFile('hello world'))
  assert.equal(await new Blob([f]).text(), '[object Blob]')
  await assert.rejects(async () => Blob.prototype.text.call(f), { code: 'ERR_INVALID_THIS' })
})

test('util.inspect shows a FileRef like Bun', () => {
  assert.equal(util.inspect(file('a.txt')), 'FileRef ("a.txt") {\n  type: "text/plain;charset=utf-8"\n}')
  assert.equal(util.inspect(file(7)), 'FileRef (fd: 7) {\n  type: "application/octet-stream"\n}')
  assert.equal(util.inspect({ f: file('a.json') }), '{\n  f: FileRef ("a.json") {\n    type: "application/json;charset=utf-8"\n  }\n}')
})
