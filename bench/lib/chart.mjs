// Renders the benchmark report as an SVG bar chart: for each workload, this
// package's advantage over node:net and over Bun (1.00x = even; right of
// the line = ahead). Plain SVG, no dependencies.

const ROW = 34
const LEFT = 300
const WIDTH = 940
const BAR = 11
const MAX_RATIO = 2

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function renderChart(report) {
  const rows = report.results
  const plotWidth = WIDTH - LEFT - 130
  const x = (ratio) => LEFT + (Math.min(ratio, MAX_RATIO) / MAX_RATIO) * plotWidth
  const height = 70 + rows.length * ROW + 40
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">bun-sockets vs node:net and Bun (advantage, ≥ 1.00x = ahead)</text>`,
    `<text x="12" y="40" fill="#555">${escape(`${report.date.slice(0, 10)} · ${report.machine} · Node ${report.node} · Bun ${report.bun} · ${report.command}`)}</text>`,
  ]
  for (const tick of [0, 0.5, 1, 1.5, 2]) {
    const tx = x(tick)
    parts.push(`<line x1="${tx}" y1="55" x2="${tx}" y2="${height - 35}" stroke="${tick === 1 ? '#222' : '#ddd'}"/>`)
    parts.push(`<text x="${tx}" y="${height - 20}" text-anchor="middle" fill="#555">${tick.toFixed(1)}x</text>`)
  }
  rows.forEach((row, i) => {
    const y = 62 + i * ROW
    parts.push(`<text x="${LEFT - 8}" y="${y + 15}" text-anchor="end">${escape(row.title)}</text>`)
    for (const [j, key, color, label] of [
      [0, 'vsNode', '#3c7d3c', 'vs node'],
      [1, 'vsBun', '#d08a1c', 'vs Bun'],
    ]) {
      const ratio = row[key]
      const by = y + j * (BAR + 2)
      if (ratio === null || ratio === undefined) continue
      parts.push(`<rect x="${LEFT}" y="${by}" width="${Math.max(1, x(ratio) - LEFT)}" height="${BAR}" fill="${color}"/>`)
      parts.push(`<text x="${x(ratio) + 4}" y="${by + BAR - 1}" font-size="10" fill="#333">${ratio.toFixed(2)}x ${label}</text>`)
    }
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}
