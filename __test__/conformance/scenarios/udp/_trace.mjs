// UDP scenarios share the top-level helpers.
export * from '../_trace.mjs'
