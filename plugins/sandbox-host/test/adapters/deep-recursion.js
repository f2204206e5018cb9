// Recurses until the stack overflows.
function descend(depth) { return descend(depth + 1) + 1 }
globalThis.adapter = { name: 'deep-recursion', process() { return descend(0) } }
