// `node --import ./demo/ts-loader.mjs file.ts`: runs TypeScript files as ES
// modules by stripping their types (the seed's examples are TypeScript;
// Node 22.6+ can do this itself with --experimental-strip-types).
import { register } from 'node:module'

register('./ts-hooks.mjs', import.meta.url)
