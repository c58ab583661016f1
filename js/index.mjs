// ESM entry: the same objects as the CommonJS entry (one instance per
// environment, whichever way the package is loaded).
import api from './index.js'

export const { listen, connect, udpSocket, file } = api
export default api
