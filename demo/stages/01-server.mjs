// Stage for seed "TCP > Server": the example listens on localhost:8080,
// then stops and unrefs its listener; the process then exits by itself.
import { narrate } from './narrate.mjs'

narrate()
