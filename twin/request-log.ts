// Every wire request the twin answered, so benchmarks and tests can count Cognito calls per decision.

import type { FaultKind } from './faults';

export interface RequestLogEntry {
  readonly seq: number;
  /** The X-Amz-Target operation, or the raw target when it is unknown. */
  readonly operation: string;
  readonly poolId?: string;
  /** Epoch milliseconds when the request arrived. */
  readonly at: number;
  readonly durationMs: number;
  /** HTTP status sent; 0 when the socket was destroyed without a response. */
  readonly status: number;
  /** `__type` of the error response, when there was one. */
  readonly errorType?: string;
  /** The injected fault that shaped this answer, if any. */
  readonly fault?: FaultKind;
}

export class RequestLog {
  private readonly list: RequestLogEntry[] = [];
  private seq = 0;

  get entries(): readonly RequestLogEntry[] {
    return this.list;
  }

  record(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: ++this.seq, ...entry };
    this.list.push(full);
    return full;
  }

  clear(): void {
    this.list.length = 0;
  }

  /** Requests, optionally only of one operation and/or pool. */
  filter(query: { operation?: string; poolId?: string } = {}): RequestLogEntry[] {
    return this.list.filter(
      (entry) =>
        (query.operation === undefined || entry.operation === query.operation) &&
        (query.poolId === undefined || entry.poolId === query.poolId),
    );
  }

  count(query: { operation?: string; poolId?: string } = {}): number {
    return this.filter(query).length;
  }

  /** Operation names in arrival order, e.g. ['ListUsers', 'AdminLinkProviderForUser']. */
  operations(query: { poolId?: string } = {}): string[] {
    return this.filter(query).map((entry) => entry.operation);
  }
}
