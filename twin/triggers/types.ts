// The contract between a twin pool and "a Lambda function": Cognito hands it an event and waits a
// bounded time; the function may keep running after Cognito stopped waiting.

export interface ContainerInfo {
  /** Which execution environment ran the invocation (1, 2, …; stable per TriggerFunction). */
  readonly id: number;
  /** True for the first invocation of a freshly started environment. */
  readonly coldStart: boolean;
  /** Module load time of that environment (the Lambda "Init Duration"), on cold starts. */
  readonly initDurationMs?: number;
}

interface RunCommon {
  /** Lines the function wrote to stdout/stderr during this invocation, without newlines. */
  readonly logs: readonly string[];
  readonly container?: ContainerInfo;
}

export type TriggerRunResult =
  | (RunCommon & { readonly kind: 'returned'; readonly value: unknown })
  /** The handler threw or rejected (Lambda reports errorType/errorMessage; Cognito uses errorMessage). */
  | (RunCommon & { readonly kind: 'threw'; readonly errorType: string; readonly errorMessage: string })
  /** The runtime died or Lambda's own function timeout ended it ("Task timed out after …"). */
  | (RunCommon & { readonly kind: 'crashed'; readonly errorMessage: string });

export interface TwinEndpoint {
  readonly endpoint: string;
  readonly region: string;
}

export interface TriggerFunction {
  readonly functionName: string;
  /**
   * Called when the function is attached to a pool, so it can reach that twin
   * (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_REGION) unless its caller configured otherwise.
   */
  attach?(twin: TwinEndpoint): void;
  /** Runs one invocation to its end, however long that takes: Cognito's own timeout is the pool's business. */
  invoke(event: unknown, options: { readonly awsRequestId: string }): Promise<TriggerRunResult>;
  /** Stops every execution environment; idempotent. */
  close(): Promise<void>;
}
