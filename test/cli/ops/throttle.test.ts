// Pacing below Cognito's shared quotas, exponential backoff with full jitter, and the progress line.
import { Progress, duration } from '../../../cli/ops/progress';
import { isRetryable, pacer, RateLimiter, RetriesExhausted } from '../../../cli/ops/throttle';

function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 400 } });

describe('RateLimiter', () => {
  it('spaces calls evenly at the rate, never in bursts', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(4, clock.now, clock.sleep);
    for (let i = 0; i < 5; i += 1) await limiter.take();
    expect(clock.sleeps).toEqual([250, 250, 250, 250]);
  });
});

describe('pacer', () => {
  it('retries throttling with exponential backoff and full jitter, then succeeds', async () => {
    const clock = fakeClock();
    let calls = 0;
    const paced = pacer(new RateLimiter(1000, clock.now, async () => undefined), { maxAttempts: 5, baseMs: 100, capMs: 350 }, () => 0.5, clock.sleep);
    const result = await paced.run(async () => {
      calls += 1;
      if (calls < 4) throw throttled();
      return 'ok';
    });
    expect(result).toBe('ok');
    // Half of min(cap, base * 2^(attempt-1)): 100, 200, then capped at 350.
    expect(clock.sleeps).toEqual([50, 100, 175]);
    expect(paced.retries).toBe(3);
    expect(paced.requests).toBe(4);
  });

  it('gives up after maxAttempts, and never retries a refusal', async () => {
    const paced = pacer(new RateLimiter(1000), { maxAttempts: 3, baseMs: 1, capMs: 1 }, () => 0);
    await expect(paced.run(async () => Promise.reject(throttled()))).rejects.toBeInstanceOf(RetriesExhausted);
    const refusal = Object.assign(new Error('nope'), { name: 'InvalidParameterException' });
    let calls = 0;
    await expect(paced.run(async () => ((calls += 1), Promise.reject(refusal)))).rejects.toBe(refusal);
    expect(calls).toBe(1);
  });

  it('classifies throttling, 5xx and dropped connections as retryable', () => {
    expect(isRetryable(throttled())).toBe(true);
    expect(isRetryable({ name: 'Error', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryable({ name: 'Error', code: 'ECONNRESET' })).toBe(true);
    expect(isRetryable({ name: 'LimitExceededException', $metadata: { httpStatusCode: 400 } })).toBe(false);
  });
});

describe('Progress', () => {
  function capture() {
    let text = '';
    return { stream: { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream, text: () => text };
  }

  it('without a terminal: a plain line at each tenth, with rate and ETA', () => {
    let now = 0;
    const out = capture();
    const progress = new Progress(out.stream, 20, false, () => now);
    for (let done = 1; done <= 20; done += 1) {
      now += 500;
      progress.update(done, { linked: done, skipped: 0 });
    }
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('prelink: 2/20 rows 10%, 2.0 rows/s, ETA 9s; linked 2');
    expect(lines[9]).toBe('prelink: 20/20 rows 100%, 2.0 rows/s, ETA 0s; linked 20');
  });

  it('on a terminal: one line redrawn in place with a bar', () => {
    let now = 0;
    const out = capture();
    const progress = new Progress(out.stream, 4, true, () => now);
    now = 1000;
    progress.update(2, { already_linked: 2 });
    progress.finish();
    expect(out.text()).toBe('\r[############............] 2/4 rows 50%, 2.0 rows/s, ETA 1s; already linked 2\u001b[K\n');
    expect(duration(3725)).toBe('1h02m');
    expect(duration(75)).toBe('1m15s');
  });
});
