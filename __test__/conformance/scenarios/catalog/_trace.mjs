// Shared helpers for the bun-sockets differential scenarios.
// Only standard JS + node: modules available in both Node and Bun are used here.
// Every scenario prints JSON lines via trace(); the output must be identical
// between real Bun and the Node polyfill.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';

/** Print one JSON line. */
export function trace(...parts) {
  console.log(JSON.stringify(parts, (k, v) => (v === undefined ? '<undefined>' : typeof v === 'bigint' ? String(v) + 'n' : v)));
}

/** Normalised description of a thrown/rejected value (never the message text). */
export function describeError(err) {
  if (err === null || (typeof err !== 'object' && typeof err !== 'function')) {
    return { nonError: typeof err, value: String(err) };
  }
  return {
    isError: err instanceof Error,
    ctor: err.constructor ? err.constructor.name : null,
    name: err.name,
    code: err.code,
    syscall: err.syscall,
    errno: err.errno,
    messageType: typeof err.message,
  };
}

/** Same as describeError plus the sorted list of own enumerable keys. */
export function describeErrorKeys(err) {
  const d = describeError(err);
  if (err && typeof err === 'object') d.keys = Object.keys(err).sort();
  return d;
}

/** Hard guard: if the scenario hangs, print a marker and exit 9. */
export function guard(ms = 5000) {
  setTimeout(() => {
    trace('GUARD-TIMEOUT');
    process.exit(9);
  }, ms).unref();
}

export function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A fresh unix socket path under os.tmpdir(). */
export function tmpSock(tag = 's') {
  return path.join(os.tmpdir(), `bsk-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 10)}.sock`);
}

export function rmrf(p) {
  try {
    fs.rmSync(p, { force: true, recursive: true });
  } catch {}
}

/** Summarise a return value without leaking nondeterministic numbers. */
export function summarize(v) {
  if (v === undefined) return '<undefined>';
  if (v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'function') return '<function>';
  if (v && typeof v.then === 'function') return '<thenable>';
  return '<' + (v.constructor ? v.constructor.name : typeof v) + '>';
}

/** Call fn synchronously; report either its (summarised) return value or the thrown error. */
export function tryCall(fn) {
  try {
    return { ret: summarize(fn()) };
  } catch (e) {
    return { throws: describeError(e) };
  }
}

/** Classify a call: sync throw, returned promise (resolved/rejected), or plain value. */
export async function classify(fn, onValue) {
  let r;
  try {
    r = fn();
  } catch (e) {
    return { sync: 'throw', err: describeError(e) };
  }
  if (r && typeof r.then === 'function') {
    try {
      const v = await r;
      const out = { async: 'resolved', value: summarize(v) };
      if (onValue) await onValue(v);
      return out;
    } catch (e) {
      return { async: 'rejected', err: describeError(e) };
    }
  }
  const out = { sync: 'returned', value: summarize(r) };
  if (onValue) await onValue(r);
  return out;
}

/** Per-side event logs, printed separately so cross-side interleaving never matters. */
export function sides() {
  const log = { C: [], S: [] };
  return {
    log,
    C: (...p) => log.C.push(p.length === 1 ? p[0] : p),
    S: (...p) => log.S.push(p.length === 1 ? p[0] : p),
    print() {
      trace('client', log.C);
      trace('server', log.S);
    },
  };
}

/** Print the 'done' marker; flag lingering handles (process not exiting) with exit code 8. */
export function done() {
  trace('done');
  setTimeout(() => {
    trace('LINGERING-HANDLES');
    process.exit(8);
  }, 1500).unref();
}

/**
 * Standard traced handler set for one side. `push` receives event tuples. Options:
 *   noEnd: omit the end handler; onOpen/onData/onDrain/onEnd: extra callbacks run after tracing.
 * Returns { handlers, closed } where closed is a deferred resolved by the close handler.
 */
export function tracedHandlers(push, opts = {}) {
  const closed = deferred();
  const opened = deferred();
  const handlers = {
    open(s) { push('open', s.readyState); opened.resolve(s); if (opts.onOpen) opts.onOpen(s); },
    data(s, d) { push('data', Buffer.from(d).toString(), s.readyState); if (opts.onData) opts.onData(s, d); },
    drain(s) { push('drain', s.readyState); if (opts.onDrain) opts.onDrain(s); },
    close(s, e) { push('close', e === undefined ? 'no-error' : (e && e.code) || String(e), s.readyState); closed.resolve(); },
    error(s, e) { push('error', (e && e.code) || String(e && e.message)); },
  };
  if (!opts.noEnd) handlers.end = (s) => { push('end', s.readyState); if (opts.onEnd) opts.onEnd(s); };
  return { handlers, closed, opened };
}
