import { budgetMs, DEFAULT_DEADLINE_MS, startDeadline } from '../../../lambda/runtime/deadline';

describe('the invocation deadline (Cognito waits 5 s, docs/cognito-facts.md §8)', () => {
  it('defaults to 3500 ms, or LINK_POLICY_DEADLINE_MS', () => {
    expect(budgetMs(undefined, undefined)).toBe(DEFAULT_DEADLINE_MS);
    expect(budgetMs('1200', undefined)).toBe(1200);
    expect(budgetMs('nonsense', undefined)).toBe(DEFAULT_DEADLINE_MS);
    expect(budgetMs('-5', undefined)).toBe(DEFAULT_DEADLINE_MS);
  });

  it('never exceeds the Lambda\'s remaining time less a margin (10%, at most 300 ms)', () => {
    expect(budgetMs(undefined, 5000)).toBe(3500);
    expect(budgetMs(undefined, 3000)).toBe(2700);
    expect(budgetMs(undefined, 1000)).toBe(900);
    expect(budgetMs(undefined, 0)).toBe(0);
  });

  it('counts down on the given clock and aborts its signal when spent', async () => {
    let now = 1000;
    const deadline = startDeadline(50, () => now);
    now += 20;
    expect(deadline.remainingMs()).toBe(30);
    now += 100;
    expect(deadline.remainingMs()).toBe(0);
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve));
    expect(deadline.signal.aborted).toBe(true);
    deadline.dispose();
  });

  it('makes its AbortController only when the signal is first asked for, and still aborts when the budget ends', async () => {
    const Original = globalThis.AbortController;
    let made = 0;
    globalThis.AbortController = class Counted extends Original {
      constructor() {
        super();
        made += 1;
      }
    };
    try {
      startDeadline(40).dispose();
      const used = startDeadline(40);
      expect(made).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => used.signal.addEventListener('abort', resolve));
      expect(made).toBe(1);
      used.dispose();
    } finally {
      globalThis.AbortController = Original;
    }
  });

  it('a signal first asked for after dispose never aborts', async () => {
    const deadline = startDeadline(5);
    deadline.dispose();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deadline.signal.aborted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deadline.signal.aborted).toBe(false);
  });

  it('dispose stops the timer', async () => {
    const deadline = startDeadline(10);
    deadline.dispose();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(deadline.signal.aborted).toBe(false);
  });
});
