/** Levenshtein distance, case-insensitive; small inputs only (keys, enum values, host names). */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (s === t) return 0;
  let previous = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length];
}

/** The candidate closest to a value, or undefined when none is close enough to be a likely typo. */
export function closest(value: string, candidates: readonly string[], options: { always?: boolean } = {}): string | undefined {
  // Edit distance is quadratic: a value this long is not a typo of a short name.
  if (value.length > 256) return undefined;
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    // A prefix or an embedded known word is a stronger hint than the raw edit distance ("eu" → "europe").
    const contained = lower.length >= 2 && (c.startsWith(lower) || (c.length >= 4 && lower.includes(c)));
    const score = contained ? Math.min(0.5, distance(lower, c)) : distance(lower, c);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  if (options.always) return best;
  const limit = Math.max(2, Math.floor(Math.max(value.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
}
