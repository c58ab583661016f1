// Module hooks for ts-loader.mjs: `.ts` files are transpiled (types
// stripped, nothing else changed) and loaded as ES modules.
import ts from 'typescript'

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context)
  const { source } = await nextLoad(url, { ...context, format: 'module' })
  const { outputText } = ts.transpileModule(String(source), {
    fileName: url,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  return { format: 'module', source: outputText, shortCircuit: true }
}
