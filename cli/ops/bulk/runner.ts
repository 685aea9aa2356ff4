// Runs a bulk job's rows with bounded concurrency, enough requests in flight to keep every quota
// category busy (the limiters in cognito.ts set the pace). Rows are pulled from the input as slots
// free up (never read ahead), rows touching the same user or identity never run at once (two rows
// for one user could otherwise both pass a "not linked yet" check), results are emitted in input
// order, and a row Cognito could not serve (throttled or unreachable past the SDK's retries) is put
// back and tried again after a pause, up to a bound, after which the run stops cleanly: the journal
// keeps what was done, and a rerun resumes.

export interface Sequenced {
  /** 1-based, consecutive over the whole input (journal-skipped rows included). */
  readonly row: number;
}

/** What `work` returns for a row Cognito could not serve: tried again later. */
export interface Retry {
  readonly retry: string;
}

export interface BulkOptions<In extends Sequenced, Out> {
  readonly source: AsyncIterable<In>;
  readonly concurrency: number;
  /** Rows sharing a key never run at the same time (e.g. the user, the identity). */
  keys(item: In): readonly string[];
  work(item: In): Promise<Out | Retry>;
  /** Called once per row, in input order. */
  emit(item: In, result: Out): void | Promise<void>;
  /** Once aborted (Ctrl-C), no new row starts; rows in flight finish and are emitted. */
  readonly signal?: AbortSignal;
  /** Tries per row after the first (default 5), each after a longer pause. */
  readonly retries?: number;
  readonly retryPauseMs?: number;
}

export interface BulkOutcome {
  /** Why the run stopped before the end of the input, if it did. */
  readonly stopped?: string;
}

/** Results waiting for an earlier row before they can be emitted: past this, no new row starts. */
const MAX_BUFFERED = 10_000;

export async function runBulk<In extends Sequenced, Out>(options: BulkOptions<In, Out>): Promise<BulkOutcome> {
  const { concurrency, signal } = options;
  const retries = options.retries ?? 5;
  const retryPauseMs = options.retryPauseMs ?? 1000;
  const iterator = options.source[Symbol.asyncIterator]();
  const busy = new Map<string, Promise<void>>();
  const buffered = new Map<number, { item: In; result: Out }>();
  const retryQueue: { item: In; attempt: number; at: number }[] = [];
  let nextToEmit = 1;
  let exhausted = false;
  let stopped: string | undefined;
  let emitting = Promise.resolve();

  const flushInOrder = async (): Promise<void> => {
    for (let entry = buffered.get(nextToEmit); entry; entry = buffered.get(nextToEmit)) {
      buffered.delete(nextToEmit);
      nextToEmit += 1;
      await options.emit(entry.item, entry.result);
    }
  };

  const next = async (): Promise<{ item: In; attempt: number } | undefined> => {
    for (;;) {
      if (stopped !== undefined || signal?.aborted) return undefined;
      const due = retryQueue[0];
      if (due && (due.at <= Date.now() || exhausted)) {
        retryQueue.shift();
        const wait = due.at - Date.now();
        if (wait > 0) await sleep(wait);
        return due;
      }
      if (exhausted) return undefined;
      if (buffered.size >= MAX_BUFFERED) {
        await sleep(10);
        continue;
      }
      const pulled = await iterator.next();
      if (pulled.done) {
        exhausted = true;
        continue;
      }
      return { item: pulled.value, attempt: 0 };
    }
  };

  const lock = async (keys: readonly string[]): Promise<() => void> => {
    const unique = [...new Set(keys)];
    for (;;) {
      const held = unique.map((key) => busy.get(key)).filter((held): held is Promise<void> => held !== undefined);
      if (held.length === 0) break;
      await Promise.all(held);
    }
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    for (const key of unique) busy.set(key, done);
    return () => {
      for (const key of unique) if (busy.get(key) === done) busy.delete(key);
      release();
    };
  };

  const worker = async (): Promise<void> => {
    for (let task = await next(); task; task = await next()) {
      const unlock = await lock(options.keys(task.item));
      let result: Out | Retry;
      try {
        result = await options.work(task.item);
      } finally {
        unlock();
      }
      if (isRetry(result)) {
        if (task.attempt >= retries) {
          stopped ??= `row ${task.item.row}: ${result.retry}, still after ${retries + 1} tries`;
          // The row is not emitted: its outcome is unknown, and the journal leaves it to the rerun.
          continue;
        }
        retryQueue.push({ item: task.item, attempt: task.attempt + 1, at: Date.now() + retryPauseMs * 2 ** task.attempt });
        retryQueue.sort((a, b) => a.at - b.at);
        continue;
      }
      buffered.set(task.item.row, { item: task.item, result });
      emitting = emitting.then(flushInOrder);
      await emitting;
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  // A stopped run leaves gaps: what finished after a gap is still reported, in order.
  await emitting;
  for (const row of [...buffered.keys()].sort((a, b) => a - b)) {
    const entry = buffered.get(row)!;
    await options.emit(entry.item, entry.result);
  }
  if (stopped === undefined && signal?.aborted) stopped = 'interrupted';
  if (stopped !== undefined || !exhausted) await iterator.return?.();
  return stopped !== undefined ? { stopped } : {};
}

function isRetry(value: unknown): value is Retry {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'retry');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
