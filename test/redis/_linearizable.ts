// A brute-force linearizability check for small concurrent histories (Wing & Gong style search
// with memoisation): is there an order of the operations that respects real time (an operation
// that returned before another began comes first) and in which a sequential model produces
// every observed result?

/** One completed operation: logical invoke/return times and its effect on the model. */
export interface HistoryOp<S> {
  inv: number;
  res: number;
  /** Applies the operation to `state`; `ok` is false when the observed result disagrees with the model. */
  apply(state: S): { state: S; ok: boolean };
  label: string;
}

/** True when `ops` (at most 30) can be linearized starting from `init`. */
export function linearizable<S>(ops: readonly HistoryOp<S>[], init: S, key: (s: S) => string): boolean {
  if (ops.length > 30) throw new Error('history too long for the brute-force check');
  const seen = new Set<string>();
  const full = (1 << ops.length) - 1;
  const search = (done: number, state: S): boolean => {
    if (done === full) return true;
    const memo = `${done}:${key(state)}`;
    if (seen.has(memo)) return false;
    seen.add(memo);
    let firstReturn = Infinity;
    ops.forEach((op, i) => {
      if (!(done & (1 << i))) firstReturn = Math.min(firstReturn, op.res);
    });
    for (const [i, op] of ops.entries()) {
      // Only an operation that began before every pending one returned can come next.
      if (done & (1 << i) || op.inv > firstReturn) continue;
      const step = op.apply(state);
      if (step.ok && search(done | (1 << i), step.state)) return true;
    }
    return false;
  };
  return search(0, init);
}

/** A logical clock shared by concurrent actors (JavaScript runs one continuation at a time). */
export function clock(): () => number {
  let t = 0;
  return () => t++;
}
