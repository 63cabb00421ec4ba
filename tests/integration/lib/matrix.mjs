// The authorization matrix's bookkeeping: which routes have no rows, and
// which rows name no route.
export function routeKey(r) {
  return `${r.method} ${r.pattern}`;
}

export function matrixGaps(routes, matrix) {
  const keys = new Set(routes.map(routeKey));
  const rows = new Set(Object.keys(matrix.routes));
  const missing = [...keys].filter((k) => !rows.has(k));
  const stale = [...rows].filter((k) => !keys.has(k));
  const incomplete = [...rows].filter((k) => keys.has(k) &&
    matrix.actors.some((a) => !Number.isInteger(matrix.routes[k].expect?.[a])));
  return { missing, stale, incomplete };
}
