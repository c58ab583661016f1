'use strict'
// `Bun.file(path)` for Node: a lazy, read-only file `Blob`. Nothing touches
// the disk until a property or method needs it; reads fail the way Bun's
// do (same error class, message, code, errno, syscall and path).
//
// Why `Blob.prototype` but not Blob's constructor: `Bun.file(p) instanceof
// Blob` is true in Bun, so BunFile's prototype inherits from Node's
// `Blob.prototype` and every Blob member is overridden to read the file.
// A real subclass (`super()`) is unworkable: Node fixes a Blob's bytes at
// construction, and its internals that copy a Blob by handle would pair
// our `size` with an empty handle (Node 18 aborts on `new Blob([file])`).
// Without a handle, Node treats a BunFile as a plain object: `new
// Blob([file])` holds the text "[object Blob]", `structuredClone(file)` is
// `{}`, `URL.createObjectURL(file)` throws, and Node's own
// `Blob.prototype` methods called on it throw ERR_INVALID_THIS. Consumers
// that call the methods (e.g. `new Response(file)`) work. `fs.openAsBlob`
// (Node >= 19.8) was not used: it is asynchronous, stats the file up front
// (so it cannot be made for a missing file), and its reads fail once the
// file changes.
//
// Deliberate differences from Bun 1.4.4 (see also the tests):
// - reads always return the whole current file (or slice); Bun cuts them to
//   a `size` it cached earlier, so a file that grew reads short there;
// - slice offsets are resolved against the real file size; Bun, until it
//   knows the size, counts negative and open-ended ones from 2 ** 52 - 1;
// - `s3://` paths throw ERR_NOT_IMPLEMENTED (Bun makes an S3 file);
// - `write`, `writer`, `unlink`, `delete`, `stat`, `formData`, `image` are
//   absent, and `constructor` is BunFile (Bun's is Blob).

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const util = require('node:util')
const { Blob } = require('node:buffer')
const { fileURLToPath } = require('node:url')
const { invalidArgType, notSupported, outOfRange } = require('./errors.js')
const { bytesOf } = require('./bytes.js')

// Bun's `lastModified` when the file cannot be stat'ed (2 ** 52 - 1).
const UNKNOWN_MTIME = 4503599627370495
// Bun reads a file stream in chunks of this many bytes.
const CHUNK_SIZE = 256 * 1024
const MAX_FD = 2147483647

const fstat = util.promisify(fs.fstat)
const read = util.promisify(fs.read)
const readFile = util.promisify(fs.readFile)

const kSlice = Symbol('kSlice')
const utf8 = new TextDecoder()

// Bun derives `type` from the file extension with its own table (mostly
// mime-db). These are its answers for common extensions, recorded from Bun
// 1.4.4; anything else is "application/octet-stream".
const TYPES_BY_EXTENSION = {
  'text/plain;charset=utf-8': 'txt text log ini conf',
  'text/markdown': 'md markdown',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/toml': 'toml',
  'text/yaml': 'yaml yml',
  'application/json;charset=utf-8': 'json map',
  'application/json5': 'json5',
  'application/ld+json': 'jsonld',
  'application/manifest+json': 'webmanifest',
  'application/xml': 'xml xsd',
  'application/xslt+xml': 'xsl',
  'application/rss+xml': 'rss',
  'application/atom+xml': 'atom',
  'image/svg+xml': 'svg svgz',
  'text/html;charset=utf-8': 'html htm shtml',
  'application/xhtml+xml': 'xhtml',
  'text/css;charset=utf-8': 'css',
  'text/x-scss': 'scss',
  'text/x-sass': 'sass',
  'text/less': 'less',
  'text/javascript;charset=utf-8': 'js mjs cjs jsx ts mts cts tsx',
  'application/wasm': 'wasm',
  'application/x-x509-ca-cert': 'pem crt der',
  'application/pkix-cert': 'cer',
  'application/x-iwork-keynote-sffkey': 'key',
  'application/x-pkcs12': 'p12 pfx',
  'application/x-pkcs7-certificates': 'p7b',
  'application/pkcs7-mime': 'p7c',
  'application/pkcs8': 'p8',
  'application/pkix-crl': 'crl',
  'application/x-mspublisher': 'pub',
  'application/pgp-signature': 'asc sig',
  'image/png': 'png',
  'image/jpeg': 'jpg jpeg jpe',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/apng': 'apng',
  'image/x-ms-bmp': 'bmp',
  'image/x-icon': 'ico',
  'image/tiff': 'tif tiff',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/vnd.adobe.photoshop': 'psd',
  'audio/mpeg': 'mp3 mpga mp2',
  'audio/x-wav': 'wav',
  'audio/ogg': 'ogg oga opus spx',
  'audio/x-flac': 'flac',
  'audio/x-aac': 'aac',
  'audio/x-m4a': 'm4a',
  'audio/midi': 'mid midi',
  'audio/webm': 'weba',
  'video/mp4': 'mp4 mp4v mpg4',
  'video/x-m4v': 'm4v',
  'video/quicktime': 'mov qt',
  'video/webm': 'webm',
  'video/x-matroska': 'mkv',
  'video/x-msvideo': 'avi',
  'video/ogg': 'ogv',
  'video/mpeg': 'mpeg mpg',
  'video/3gpp': '3gp',
  'video/x-flv': 'flv',
  'video/x-ms-wmv': 'wmv',
  'font/woff': 'woff',
  'font/woff2': 'woff2',
  'font/ttf': 'ttf',
  'font/otf': 'otf',
  'application/vnd.ms-fontobject': 'eot',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/gzip': 'gz',
  'application/x-tar': 'tar',
  'application/x-bzip2': 'bz2',
  'application/x-xz': 'xz',
  'application/x-7z-compressed': '7z',
  'application/x-rar-compressed': 'rar',
  'application/java-archive': 'jar war',
  'application/vnd.android.package-archive': 'apk',
  'application/x-apple-diskimage': 'dmg',
  'application/x-iso9660-image': 'iso',
  'application/x-debian-package': 'deb',
  'application/x-redhat-package-manager': 'rpm',
  'application/x-msdownload': 'exe dll msi bat',
  'application/java-vm': 'class',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'text/rtf': 'rtf',
  'application/epub+zip': 'epub',
  'application/x-sh': 'sh',
  'application/x-perl': 'pl',
  'application/x-httpd-php': 'php',
  'text/x-java-source': 'java',
  'text/x-c': 'c h cc cpp',
  'application/rls-services+xml': 'rs',
  'text/x-lua': 'lua',
  'application/x-sql': 'sql',
  'text/calendar': 'ics',
  'text/x-vcard': 'vcf',
  'message/rfc822': 'eml',
  'application/mbox': 'mbox',
  'text/cache-manifest': 'manifest appcache',
  'text/x-component': 'htc',
  'application/ecmascript': 'es',
  'text/mdx': 'mdx',
  'application/x-tex': 'tex',
  'application/x-latex': 'latex',
  'application/x-subrip': 'srt',
  'text/vtt': 'vtt',
  'text/vnd.dvb.subtitle': 'sub',
  'model/obj': 'obj',
  'model/stl': 'stl',
  'model/gltf+json': 'gltf',
  'model/gltf-binary': 'glb',
  'model/vnd.usdz+zip': 'usdz',
  'model/vnd.collada+xml': 'dae',
  'application/ogg': 'ogx',
  'audio/x-matroska': 'mka',
  'audio/x-mpegurl': 'm3u',
  'application/vnd.apple.mpegurl': 'm3u8',
  'application/pls+xml': 'pls',
  'audio/x-ms-wma': 'wma',
  'audio/x-aiff': 'aif aiff',
  'audio/basic': 'au snd',
  'video/mj2': 'mj2',
  'audio/mp4': 'mp4a',
  'application/x-shockwave-flash': 'swf',
  'application/x-silverlight-app': 'xap',
  'application/vnd.ms-cab-compressed': 'cab',
  'application/x-chrome-extension': 'crx',
  'application/x-xpinstall': 'xpi',
  'application/x-bzip': 'bz',
  'application/x-cpio': 'cpio',
  'application/x-shar': 'shar',
  'application/x-stuffit': 'sit',
  'application/x-stuffitx': 'sitx',
  'font/collection': 'ttc',
  'application/x-font-type1': 'pfb pfm afm',
  'image/emf': 'emf',
  'image/wmf': 'wmf',
  'image/x-pcx': 'pcx',
  'image/x-portable-bitmap': 'pbm',
  'image/x-portable-graymap': 'pgm',
  'image/x-portable-pixmap': 'ppm',
  'image/x-portable-anymap': 'pnm',
  'image/x-xbitmap': 'xbm',
  'image/x-xpixmap': 'xpm',
  'text/x-handlebars-template': 'hbs',
  'text/jade': 'jade',
}

const EXTENSION_TYPES = new Map()
for (const [type, exts] of Object.entries(TYPES_BY_EXTENSION)) {
  for (const ext of exts.split(' ')) EXTENSION_TYPES.set(ext, type)
}

// A `type` option spelled exactly like one of these becomes Bun's canonical
// form; any other printable-ASCII type is only lower-cased.
const TYPE_ALIASES = new Map([
  ['text/plain', 'text/plain;charset=utf-8'],
  ['text/html', 'text/html;charset=utf-8'],
  ['text/css', 'text/css;charset=utf-8'],
  ['text/javascript', 'text/javascript;charset=utf-8'],
  ['text/jsx', 'text/javascript;charset=utf-8'],
  ['application/javascript', 'text/javascript;charset=utf-8'],
  ['application/json', 'application/json;charset=utf-8'],
  ['application/webassembly', 'application/wasm'],
])

function typeFromName(name) {
  if (name === undefined) return 'application/octet-stream'
  // path.extname, like Bun, skips trailing slashes and a leading dot.
  const ext = path.posix.extname(name).slice(1).toLowerCase()
  return EXTENSION_TYPES.get(ext) || 'application/octet-stream'
}

/** The type Bun keeps for a `type` option, or undefined to keep the old one. */
function normalizeType(type) {
  if (typeof type !== 'string' || type === '' || /[^\x20-\x7e]/.test(type)) return undefined
  return TYPE_ALIASES.get(type) || type.toLowerCase()
}

// Errors whose code Node's helpers do not cover. They share one prototype
// per code derived from invalidArgType's, so they print and compare like
// errors.js's own (code on the prototype, "TypeError [CODE]: message").
const typeErrorPrototypes = new Map()

function codedTypeError(code, message) {
  const err = invalidArgType(message)
  let proto = typeErrorPrototypes.get(code)
  if (proto === undefined) {
    proto = Object.create(Object.getPrototypeOf(err), {
      code: { value: code, writable: true, configurable: true },
    })
    typeErrorPrototypes.set(code, proto)
  }
  return Object.setPrototypeOf(err, proto)
}

function badPathType() {
  return invalidArgType('Expected file path string or file descriptor')
}

function nullBytes(name) {
  return codedTypeError(
    'ERR_INVALID_ARG_VALUE',
    `The argument 'path' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(name)}`,
  )
}

function badFileUrl(code) {
  return codedTypeError(code, 'URL must be a non-empty "file:" path')
}

function checkFd(fd) {
  if (!Number.isInteger(fd)) {
    throw outOfRange(`The value of "fd" is out of range. It must be an integer. Received ${fd}`)
  }
  if (fd < 0 || fd > MAX_FD) {
    throw outOfRange(`The value of "fd" is out of range. It must be >= 0 && <= ${MAX_FD}. Received ${fd}`)
  }
  return fd + 0 // -0 is fd 0
}

function pathFromUrl(url) {
  if (url.protocol !== 'file:') throw badFileUrl('ERR_INVALID_URL_SCHEME')
  if (url.hostname !== '' && url.hostname !== 'localhost') throw badFileUrl('ERR_INVALID_FILE_URL_HOST')
  if (/%2f/i.test(url.pathname)) throw badFileUrl('ERR_INVALID_FILE_URL_PATH')
  return fileURLToPath(url)
}

function pathBytes(value) {
  // Copies (bytesOf: a detached buffer is an empty path, as in Bun).
  if (util.types.isUint8Array(value) || util.types.isDataView(value) || util.types.isAnyArrayBuffer(value)) {
    return Buffer.from(bytesOf(value))
  }
  return undefined
}

function refuseS3(name) {
  if (name.startsWith('s3://')) throw notSupported('Bun.file() of an "s3://" path (an S3File) is not supported')
}

/**
 * What `file(value)` reads: `{ fd }` or `{ path, name }` where `path` is
 * what fs gets (a string, or a Buffer for byte paths so that non-UTF-8
 * names still open) and `name` the string Bun shows.
 */
function parseSource(value) {
  if (typeof value === 'string' || value instanceof String) {
    const name = String(value)
    if (name.includes('\0')) throw nullBytes(name)
    refuseS3(name)
    return { path: name, name, fd: undefined }
  }
  if (typeof value === 'number') return { path: undefined, name: undefined, fd: checkFd(value) }
  if (value instanceof URL) {
    const name = pathFromUrl(value)
    if (name.includes('\0')) throw nullBytes(name)
    return { path: name, name, fd: undefined }
  }
  const bytes = pathBytes(value)
  if (bytes === undefined) throw badPathType()
  if (bytes.length === 0) throw invalidArgType("Invalid path buffer: can't be empty")
  const name = bytes.toString('utf8')
  if (bytes.includes(0)) throw nullBytes(name)
  refuseS3(name)
  return { path: bytes, name, fd: undefined }
}

/** ToIntegerOrInfinity for numbers; Bun ignores anything else (even null). */
function sliceIndex(value) {
  if (typeof value !== 'number') return undefined
  return Number.isNaN(value) ? 0 : Math.trunc(value)
}

function clampIndex(value, fallback, length) {
  if (value === undefined) return fallback
  if (value < 0) return Math.max(length + value, 0)
  return Math.min(value, length)
}

/** The absolute [start, end) that a chain of slices picks from `total` bytes. */
function resolveRange(ranges, total) {
  let start = 0
  let end = total
  for (const [from, to] of ranges) {
    const length = end - start
    const relStart = clampIndex(from, 0, length)
    const relEnd = clampIndex(to, length, length)
    start += relStart
    end = start + Math.max(relEnd - relStart, 0)
  }
  return [start, end]
}

/** The byte count Bun reports for a stat: Infinity for pipes and devices. */
function statSize(st) {
  return st.isFile() || st.isDirectory() ? st.size : Infinity
}

// Bun builds file errors as "CODE: description, syscall 'path'" with own
// keys code, path, syscall, errno (in that order) and no path for fds or
// for the empty path.
function fileError(err, src) {
  if (err === null || typeof err !== 'object' || typeof err.code !== 'string' || typeof err.errno !== 'number') {
    return err
  }
  const known = util.getSystemErrorMap().get(err.errno)
  const description = known ? known[1] : err.message
  const where = src.fd === undefined && src.name !== '' ? src.name : undefined
  const out = new Error(`${err.code}: ${description}, ${err.syscall}${where === undefined ? '' : ` '${where}'`}`)
  out.code = err.code
  if (where !== undefined) out.path = where
  out.syscall = err.syscall
  out.errno = err.errno
  return out
}

// Reading a directory: Bun's own message, errno 0, syscall "read".
function directoryError(src) {
  const err = new Error('Directories cannot be read like files')
  err.code = 'EISDIR'
  if (src.fd === undefined && src.name !== '') err.path = src.name
  err.syscall = 'read'
  err.errno = 0
  return err
}

/** Reads what `ranges` selects of `src` (all of it when there are none). */
async function readBytes(src, ranges) {
  let handle
  let fd = src.fd
  if (fd === undefined) {
    try {
      handle = await fs.promises.open(src.path, 'r')
    } catch (err) {
      throw fileError(err, src)
    }
    fd = handle.fd
  }
  try {
    let st
    try {
      st = await fstat(fd)
    } catch (err) {
      throw fileError(err, src)
    }
    if (st.isDirectory()) throw directoryError(src)
    try {
      // A whole fd is read from its current position, as Bun does.
      if (ranges.length === 0) return handle ? await handle.readFile() : await readFile(fd)
      const [start, end] = resolveRange(ranges, statSize(st))
      return await readSpan(fd, start, end)
    } catch (err) {
      throw fileError(err, src)
    }
  } finally {
    if (handle) await handle.close()
  }
}

async function readSpan(fd, start, end) {
  const chunks = []
  let total = 0
  let position = start
  while (position < end) {
    const buffer = Buffer.allocUnsafe(Math.min(end - position, CHUNK_SIZE))
    const { bytesRead } = await read(fd, buffer, 0, buffer.length, position)
    if (bytesRead === 0) break
    chunks.push(buffer.subarray(0, bytesRead))
    total += bytesRead
    position += bytesRead
  }
  return Buffer.concat(chunks, total)
}

/** readBytes, synchronously. */
function readBytesNow(src, ranges) {
  let fd = src.fd
  if (fd === undefined) {
    try {
      fd = fs.openSync(src.path, 'r')
    } catch (err) {
      throw fileError(err, src)
    }
  }
  try {
    let st
    try {
      st = fs.fstatSync(fd)
    } catch (err) {
      throw fileError(err, src)
    }
    if (st.isDirectory()) throw directoryError(src)
    try {
      if (ranges.length === 0) return fs.readFileSync(fd)
      const [start, end] = resolveRange(ranges, statSize(st))
      return readSpanNow(fd, start, end)
    } catch (err) {
      throw fileError(err, src)
    }
  } finally {
    if (src.fd === undefined) fs.closeSync(fd)
  }
}

function readSpanNow(fd, start, end) {
  const chunks = []
  let total = 0
  let position = start
  while (position < end) {
    const buffer = Buffer.allocUnsafe(Math.min(end - position, CHUNK_SIZE))
    const bytesRead = fs.readSync(fd, buffer, 0, buffer.length, position)
    if (bytesRead === 0) break
    chunks.push(buffer.subarray(0, bytesRead))
    total += bytesRead
    position += bytesRead
  }
  return Buffer.concat(chunks, total)
}

function statSync(src) {
  try {
    return src.fd === undefined ? fs.statSync(src.path) : fs.fstatSync(src.fd)
  } catch {
    return undefined
  }
}

/** Bun decodes a UTF-16LE byte-order mark as UTF-16; otherwise UTF-8 minus its BOM. */
function decodeText(bytes) {
  if (bytes.length > 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.toString('utf16le', 2, 2 + ((bytes.length - 2) & ~1))
  }
  return utf8.decode(bytes)
}

function toArrayBuffer(bytes) {
  const { buffer, byteOffset, byteLength } = bytes
  if (byteOffset === 0 && byteLength === buffer.byteLength) return buffer
  return buffer.slice(byteOffset, byteOffset + byteLength)
}

/**
 * The reader behind `stream()`: `next()` gives the next chunk, or null at
 * the end. A whole fd streams from its current position, as Bun does.
 */
async function openStream(src, ranges) {
  const reader = { handle: undefined, next: undefined }
  let fd = src.fd
  if (fd === undefined) {
    try {
      reader.handle = await fs.promises.open(src.path, 'r')
    } catch (err) {
      throw fileError(err, src)
    }
    fd = reader.handle.fd
  }
  try {
    const st = await fstat(fd)
    if (st.isDirectory()) {
      // Bun fails a directory stream at fstat, with no path.
      throw Object.assign(new Error(), { code: 'EISDIR', errno: -os.constants.errno.EISDIR, syscall: 'fstat' })
    }
    let [position, end] = ranges.length === 0 ? [0, Infinity] : resolveRange(ranges, statSize(st))
    if (ranges.length === 0 && src.fd !== undefined) position = null
    reader.next = async () => {
      const want = position === null ? CHUNK_SIZE : Math.min(end - position, CHUNK_SIZE)
      if (want <= 0) return null
      const chunk = new Uint8Array(want)
      let bytesRead
      try {
        ;({ bytesRead } = await read(fd, chunk, 0, want, position))
      } catch (err) {
        throw fileError(err, src)
      }
      if (bytesRead === 0) return null
      if (position !== null) position += bytesRead
      return bytesRead === want ? chunk : chunk.slice(0, bytesRead)
    }
  } catch (err) {
    if (reader.handle) await reader.handle.close()
    throw fileError(err, { fd, name: undefined })
  }
  return reader
}

let isBunFile
let stateOf

class BunFile {
  #src
  #ranges
  #name
  #type
  #size
  #mtime

  /** `new BunFile(path, options)` is `file(path, options)`. */
  constructor(value, options) {
    let init
    if (value === kSlice) {
      init = options
    } else {
      const src = parseSource(value)
      const type = options !== null && typeof options === 'object' ? normalizeType(options.type) : undefined
      init = { src, ranges: [], name: src.name, type: type || typeFromName(src.name) }
    }
    this.#src = init.src
    this.#ranges = init.ranges
    this.#name = init.name
    this.#type = init.type
  }

  static {
    isBunFile = (value) => value !== null && typeof value === 'object' && #src in value
    stateOf = (file) => [file.#src, file.#ranges]
  }

  /** The path as given (the decoded path for a URL or bytes); undefined for an fd. */
  get name() {
    return this.#name
  }

  set name(value) {
    // Bun keeps strings, null and undefined, and ignores anything else.
    if (typeof value === 'string' || value === null || value === undefined) this.#name = value
  }

  get type() {
    return this.#type
  }

  // Like Bun: the first use of `size` or `lastModified` stats the file and
  // fixes both (a missing file's size stays 0; its lastModified stays
  // unknown, Bun's 2 ** 52 - 1, until a stat succeeds).
  get size() {
    if (this.#size === undefined) {
      this.#cacheStat()
      if (this.#size === undefined) this.#size = this.#sizeWithin(0)
    }
    return this.#size
  }

  get lastModified() {
    if (this.#mtime === undefined && this.#cacheStat() === undefined) return UNKNOWN_MTIME
    return this.#mtime
  }

  #cacheStat() {
    const st = statSync(this.#src)
    if (st !== undefined) {
      if (this.#mtime === undefined) this.#mtime = Math.trunc(st.mtimeMs)
      if (this.#size === undefined) this.#size = this.#sizeWithin(statSize(st))
    }
    return st
  }

  #sizeWithin(total) {
    const [start, end] = resolveRange(this.#ranges, total)
    return end - start
  }

  /** True for a regular file or a FIFO; never rejects. */
  async exists() {
    const src = this.#src
    try {
      const st = src.fd === undefined ? await fs.promises.stat(src.path) : await fstat(src.fd)
      return st.isFile() || st.isFIFO()
    } catch {
      return false
    }
  }

  async arrayBuffer() {
    return toArrayBuffer(await readBytes(this.#src, this.#ranges))
  }

  async bytes() {
    const bytes = await readBytes(this.#src, this.#ranges)
    return new Uint8Array(toArrayBuffer(bytes))
  }

  async text() {
    return decodeText(await readBytes(this.#src, this.#ranges))
  }

  async json() {
    return JSON.parse(decodeText(await readBytes(this.#src, this.#ranges)))
  }

  /**
   * `slice(start?, end?, contentType?)`; a string in the first or second
   * place is the content type and ends the argument list, as in Bun.
   */
  slice(start, end, ...rest) {
    let from
    let to
    let type
    if (typeof start === 'string') {
      type = start
    } else {
      from = sliceIndex(start)
      if (typeof end === 'string') {
        type = end
      } else {
        to = sliceIndex(end)
        type = rest[0]
      }
    }
    return new BunFile(kSlice, {
      src: this.#src,
      ranges: [...this.#ranges, [from, to]],
      name: this.#name,
      type: normalizeType(type) || this.#type,
    })
  }

  /** A ReadableStream of Uint8Array chunks; opens the file on first read. */
  stream() {
    const src = this.#src
    const ranges = this.#ranges
    let reader
    const close = async () => {
      const handle = reader && reader.handle
      if (reader) reader.handle = undefined
      if (handle) await handle.close()
    }
    // Loaded here: node:stream/web is a tenth of this package's load time.
    const { ReadableStream } = require('node:stream/web')
    return new ReadableStream({
      async pull(controller) {
        try {
          if (reader === undefined) reader = await openStream(src, ranges)
          const chunk = await reader.next()
          if (chunk === null) {
            await close()
            controller.close()
          } else {
            controller.enqueue(chunk)
          }
        } catch (err) {
          await close().catch(() => {})
          throw err
        }
      },
      cancel: close,
    }, { highWaterMark: 0 })
  }

  [util.inspect.custom](depth, options) {
    const src = this.#src
    const where = src.fd === undefined ? `"${src.name}"` : `fd: ${src.fd}`
    return `FileRef (${where}) {\n  type: ${options.stylize(`"${this.#type}"`, 'string')}\n}`
  }
}

// `instanceof Blob` holds, as in Bun, without Blob's constructor (see top).
Object.setPrototypeOf(BunFile.prototype, Blob.prototype)

// Bun's Blob members are enumerable accessors and methods, like Web IDL's.
const MEMBERS = ['name', 'type', 'size', 'lastModified', 'exists', 'arrayBuffer', 'bytes', 'text', 'json', 'slice', 'stream']
for (const key of MEMBERS) Object.defineProperty(BunFile.prototype, key, { enumerable: true })

/** `Bun.file(path, options?)`: a lazy BunFile for a path, URL, byte path or fd. */
function file(value, options = undefined) {
  return new BunFile(value, options)
}

/**
 * The bytes of a BunFile, read synchronously into a Buffer (for options
 * such as `tls.key` that Bun reads at listen time). Throws Bun's errors.
 */
function readBytesSync(value) {
  if (!isBunFile(value)) throw invalidArgType('Expected a BunFile')
  const [src, ranges] = stateOf(value)
  return readBytesNow(src, ranges)
}

module.exports = { file, BunFile, isBunFile, readBytesSync }
