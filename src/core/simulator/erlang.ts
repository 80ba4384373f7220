/**
 * Erlang B / Erlang C for the M/M/c queue, computed with the Erlang B recursion
 * B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)), which never overflows (no factorials or powers).
 * A = λ·AHT is the offered load in Erlangs.
 */

/** Erlang B: probability that an arrival finds all c servers busy in the loss system M/M/c/c. */
export function erlangB(agents: number, offeredLoadErlangs: number): number {
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError(`число агентов должно быть целым ≥ 0, получено ${agents}`);
  if (!(offeredLoadErlangs >= 0)) throw new RangeError(`нагрузка должна быть ≥ 0, получено ${offeredLoadErlangs}`);
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (offeredLoadErlangs * b) / (k + offeredLoadErlangs * b);
  return b;
}

/** Erlang C: probability that an arrival waits (all c busy) in M/M/c; 1 when the load is ≥ c. */
export function erlangC(agents: number, offeredLoadErlangs: number): number {
  if (agents < 1) throw new RangeError(`число агентов должно быть ≥ 1, получено ${agents}`);
  const a = offeredLoadErlangs;
  if (a >= agents) return 1;
  const b = erlangB(agents, a);
  return (agents * b) / (agents - a * (1 - b));
}

export interface ErlangCInput {
  arrivalsPerHour: number;
  ahtMinutes: number;
  agents: number;
  answerWithinMinutes: number;
}

export interface ErlangCResult {
  /** offered load A = λ·AHT, Erlangs */
  offeredLoadErlangs: number;
  /** ρ = A / c */
  utilization: number;
  /** P(wait > 0) */
  pWait: number;
  /** P(wait ≤ T) = 1 − C·exp(−(c − A)·T / AHT) */
  serviceLevel: number;
  /** E[wait] = C·AHT / (c − A), minutes */
  meanWaitMinutes: number;
  /** ρ < 1: the queue has a steady state; otherwise it grows without bound and the figures above are limits */
  stable: boolean;
}

/** Steady-state M/M/c figures; an unstable queue (A ≥ c) gives pWait 1, service level 0, infinite wait. */
export function erlangCMetrics(input: ErlangCInput): ErlangCResult {
  const { arrivalsPerHour, ahtMinutes, agents, answerWithinMinutes } = input;
  const a = (arrivalsPerHour * ahtMinutes) / 60;
  const utilization = a / agents;
  if (a >= agents) {
    return { offeredLoadErlangs: a, utilization, pWait: 1, serviceLevel: 0, meanWaitMinutes: Number.POSITIVE_INFINITY, stable: false };
  }
  const c = erlangC(agents, a);
  return {
    offeredLoadErlangs: a,
    utilization,
    pWait: c,
    serviceLevel: 1 - c * Math.exp((-(agents - a) * answerWithinMinutes) / ahtMinutes),
    meanWaitMinutes: (c * ahtMinutes) / (agents - a),
    stable: true,
  };
}
