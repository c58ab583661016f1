// ESM form of the polyfill; see polyfill.js.
import Bun from './polyfill.js'

export default Bun
