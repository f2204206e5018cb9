// Recurses, and on every stack overflow recurses again: exponential time at the stack's edge.
function descend() { try { descend() } catch { descend() } }
globalThis.adapter = { name: 'recursion-swallows-overflow', process() { descend(); return [] } }
