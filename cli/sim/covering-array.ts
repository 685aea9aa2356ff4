// A pairwise covering array, computed: a small set of rows in which every pair of values of every
// two parameters appears at least once. Greedy set cover over the whole space: each new row is the
// one covering the most pairs not yet covered. The first try breaks ties towards default values;
// further tries break them at random (seeded) and the smallest array wins. For the twin's sign-in
// switches (one 3-valued, eight 2-valued: 768 combinations) that gives 8 rows; 6 is impossible
// here (each value of the 3-valued switch needs two rows, and two rows can pair at most four
// 2-valued switches both ways). Deterministic: the same parameters give the same rows, so a failure
// names a combination that reruns exactly.
import { seededRandom } from '../../twin/random';

export interface Parameter {
  readonly name: string;
  /** The first value is the default. */
  readonly values: readonly string[];
}

export type Row = Readonly<Record<string, string>>;

/** The greedy step enumerates the space; the twin's 11 switches have 3,072 combinations in all. */
export const MAX_SPACE = 100_000;
const TRIES = 12;

export function pairwise(parameters: readonly Parameter[]): Row[] {
  const sizes = parameters.map((parameter) => parameter.values.length);
  if (sizes.some((size) => size === 0)) throw new Error('every parameter needs at least one value');
  // With no pair to cover, each value still gets its row.
  if (parameters.length === 1) return parameters[0]!.values.map((value) => ({ [parameters[0]!.name]: value }));
  const pairs = new PairIndex(sizes);
  const space = enumerate(pairs);
  let rows = greedy(pairs, space, () => 1);
  const random = seededRandom(1);
  for (let attempt = 1; attempt < TRIES && rows.length > pairs.lowerBound; attempt += 1) {
    const candidate = greedy(pairs, space, random);
    if (candidate.length < rows.length) rows = candidate;
  }
  return rows.map((row) => Object.fromEntries(parameters.map((parameter, index) => [parameter.name, parameter.values[row[index]!]!])));
}

/** Numbers every (parameter, value, parameter, value) pair, for flat coverage counts. */
class PairIndex {
  readonly count: number;
  readonly lowerBound: number;
  private readonly offsets: number[][] = [];

  constructor(readonly sizes: readonly number[]) {
    let next = 0;
    for (let p = 0; p < sizes.length; p += 1) {
      this.offsets.push([]);
      for (let q = 0; q < sizes.length; q += 1) {
        this.offsets[p]!.push(next);
        if (q > p) next += sizes[p]! * sizes[q]!;
      }
    }
    this.count = next;
    const [a = 1, b = 1] = [...sizes].sort((x, y) => y - x);
    this.lowerBound = sizes.length < 2 ? a : a * b;
  }

  /** p < q. */
  of(p: number, pv: number, q: number, qv: number): number {
    return this.offsets[p]![q]! + pv * this.sizes[q]! + qv;
  }

  /** The pairs one row covers. */
  ofRow(row: readonly number[]): number[] {
    const covered: number[] = [];
    for (let p = 0; p < row.length; p += 1) for (let q = p + 1; q < row.length; q += 1) covered.push(this.of(p, row[p]!, q, row[q]!));
    return covered;
  }
}

interface Space {
  readonly rows: readonly (readonly number[])[];
  /** The pairs each row covers. */
  readonly covers: readonly (readonly number[])[];
}

/** Every row of the space as value indexes, in mixed-radix order (all defaults first). */
function enumerate(pairs: PairIndex): Space {
  const size = pairs.sizes.reduce((product, count) => product * count, 1);
  if (size > MAX_SPACE) throw new Error(`pairwise: ${size} combinations exceed the ${MAX_SPACE} this search enumerates`);
  const rows: number[][] = [];
  for (let index = 0; index < size; index += 1) {
    let rest = index;
    rows.push(
      pairs.sizes.map((count) => {
        const value = rest % count;
        rest = Math.floor(rest / count);
        return value;
      }),
    );
  }
  return { rows, covers: rows.map((row) => pairs.ofRow(row)) };
}

/** `random` breaks ties: a tied row replaces the best so far when random() * ties < 1 (reservoir choice). */
function greedy(pairs: PairIndex, space: Space, random: () => number): number[][] {
  const covered = new Uint8Array(pairs.count);
  let left = pairs.count;
  const chosen: number[][] = [];
  while (left > 0 || chosen.length === 0) {
    let best = 0;
    let bestGain = -1;
    let ties = 0;
    space.covers.forEach((list, index) => {
      let gain = 0;
      for (const pair of list) gain += 1 - covered[pair]!;
      if (gain > bestGain) {
        best = index;
        bestGain = gain;
        ties = 1;
      } else if (gain === bestGain && random() * (ties += 1) < 1) {
        best = index;
      }
    });
    chosen.push([...space.rows[best]!]);
    for (const pair of space.covers[best]!) {
      if (covered[pair] === 0) left -= 1;
      covered[pair] = 1;
    }
  }
  return chosen;
}
