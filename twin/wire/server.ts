// Cognito's wire protocol, AWS JSON 1.1: POST / with `X-Amz-Target:
// AWSCognitoIdentityProviderService.<Operation>` and `Content-Type: application/x-amz-json-1.1`;
// errors are `{"__type","message"}` with the status error-mapping.ts gives. Every request is
// validated against the service model, every error checked against the operation's error list and
// every answer against its output shape. Systems Manager's Parameter Store (`AmazonSSM.<Operation>`)
// is served on the same endpoint and held to its own model the same way (service-model.ts).
// Signatures are not checked: any credentials work.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { CognitoServiceError, errors } from '../errors';
import type { FaultInjector, FaultKind } from '../faults';
import type { QuotaGate } from '../quotas';
import type { RequestLog } from '../request-log';
import type { UserPool } from '../pool/pool';
import { ssmErrors, type ParameterStore } from '../ssm/parameter-store';
import { decodeToken } from '../pool/tokens';
import { sdkVersionFromUserAgent } from '../triggers/events';
import { DEFAULT_SWITCHES } from '../switches';
import { answerFor, httpStatus } from './error-mapping';
import { responseProblems } from './response-members';
import { COGNITO_MODEL, isServed, isServedBy, SSM_MODEL, type ServiceModel } from './service-model';
import { validate } from './validation';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
/** Systems Manager's JSON 1.1 target prefix: the twin serves its Parameter Store on the same endpoint. */
const SSM_TARGET_PREFIX = 'AmazonSSM.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const MAX_BODY_BYTES = 1024 * 1024;

export interface PoolDirectory {
  poolById(id: string): UserPool | undefined;
  poolByClientId(clientId: string): UserPool | undefined;
}

export class WireServer {
  private server?: Server;
  /** Requests being handled (a latency fault keeps one open after its caller gave up), and who waits for none. */
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly pools: PoolDirectory,
    private readonly faults: FaultInjector,
    private readonly log: RequestLog,
    private readonly parameters?: ParameterStore,
    private readonly quotas?: QuotaGate,
  ) {}

  async listen(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    // The SDK keeps connections alive; never let an idle one hold the process open.
    server.keepAliveTimeout = 5000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Resolves once no request is being handled: abandoned calls have reached the pool or failed. */
  async idle(): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    try {
      await this.serve(req, res);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    let poolId: string | undefined;
    const ssmOperation = target.slice(SSM_TARGET_PREFIX.length);
    let model: ServiceModel = COGNITO_MODEL;
    let served: string | undefined;
    let pool: UserPool | undefined;
    let faultKind: 'throttle' | 'internal_error' | 'latency' | 'lost_response' | undefined;
    const finish = (status: number, errorType?: string) =>
      this.log.record({
        operation,
        ...(poolId !== undefined ? { poolId } : {}),
        at,
        durationMs: Date.now() - at,
        status,
        ...(errorType !== undefined ? { errorType } : {}),
        ...(faultKind !== undefined ? { fault: faultKind } : {}),
      });

    try {
      const body = await readBody(req);
      const contentType = String(req.headers['content-type'] ?? '');
      if (target.startsWith(SSM_TARGET_PREFIX) && contentType.startsWith(CONTENT_TYPE) && this.parameters && isServedBy(SSM_MODEL, ssmOperation)) {
        model = SSM_MODEL;
        served = ssmOperation;
        const input = parseJson(body);
        const fault = await this.injectFault(ssmOperation, undefined, (kind) => (faultKind = kind));
        if (fault?.kind === 'throttle') throw ssmErrors.throttled();
        if (fault?.kind === 'internal_error') throw ssmErrors.internal();
        validate(ssmOperation, input, SSM_MODEL);
        const output = this.parameters.handle(ssmOperation, input);
        this.conforms(ssmOperation, output, SSM_MODEL);
        if (fault?.kind === 'lost_response') return this.loseResponse(req, fault, ssmErrors.internal(), finish);
        send(res, 200, output);
        finish(200);
        return;
      }
      if (!target.startsWith(TARGET_PREFIX) || !contentType.startsWith(CONTENT_TYPE) || !isServed(operation)) {
        throw errors.unknownOperation();
      }
      served = operation;
      const input = parseJson(body);
      pool = this.route(input);
      poolId = pool?.id ?? (typeof input['UserPoolId'] === 'string' ? input['UserPoolId'] : undefined);

      const fault = await this.injectFault(operation, poolId, (kind) => (faultKind = kind));
      if (fault?.kind === 'throttle') throw errors.throttled();
      if (fault?.kind === 'internal_error') throw errors.internal();
      // Over its category's quota (account-wide, every pool): throttled before any work.
      if (this.quotas && !this.quotas.admit(operation, poolId)) throw errors.throttled();

      validate(operation, input);
      const routed = this.requirePool(input, pool);
      const output = (await routed.handle(operation, input, { awsSdkVersion: sdkVersionFromUserAgent(req.headers['user-agent']) })) ?? {};
      this.conforms(operation, output, COGNITO_MODEL);
      if (fault?.kind === 'lost_response') return this.loseResponse(req, fault, errors.internal(), finish);
      send(res, 200, output);
      finish(200);
    } catch (caught) {
      const error = answerFor(served, caught instanceof CognitoServiceError ? caught : twinBug(caught, model), model);
      if (error !== caught && caught instanceof CognitoServiceError) process.stderr.write(`twin: ${error.message}\n`);
      const status = httpStatus(error.type, (pool?.switches ?? DEFAULT_SWITCHES).errorStatusCodes, model);
      sendError(res, error, status);
      finish(status, shortType(error.type));
    }
  }

  /** The pool a request names: UserPoolId, for client-only operations the client's pool, for token operations the token's client's. */
  private route(input: Record<string, unknown>): UserPool | undefined {
    if (typeof input['UserPoolId'] === 'string') return this.pools.poolById(input['UserPoolId']);
    if (typeof input['ClientId'] === 'string') return this.pools.poolByClientId(input['ClientId']);
    if (typeof input['AccessToken'] === 'string') {
      const clientId = tokenClientId(input['AccessToken']);
      if (clientId !== undefined) return this.pools.poolByClientId(clientId);
      throw errors.notAuthorized('Invalid Access Token');
    }
    return undefined;
  }

  /** The injected fault for this call, after any injected latency; `noted` records its kind for the log. */
  private async injectFault(operation: string, poolId: string | undefined, noted: (kind: FaultKind) => void) {
    const decision = this.faults.decide(operation, poolId);
    if (decision.latencyMs > 0) {
      noted('latency');
      await sleep(decision.latencyMs);
    }
    if (decision.fault) noted(decision.fault.kind);
    return decision.fault;
  }

  /** An answer that breaks the model is a twin defect, never something the SDK silently drops. */
  private conforms(operation: string, output: unknown, model: ServiceModel): void {
    const problems = responseProblems(operation, output, model);
    if (problems.length > 0) throw new Error(`${operation} answered members the model does not define: ${problems.join('; ')}`);
  }

  /** The write is applied; the answer never arrives (the SDK retries both forms). */
  private loseResponse(req: IncomingMessage, fault: { lostResponseAs?: string }, asError: CognitoServiceError, finish: (status: number) => void): void {
    if (fault.lostResponseAs === 'internal_error') throw asError;
    req.socket.destroy();
    finish(0);
  }

  private requirePool(input: Record<string, unknown>, pool: UserPool | undefined): UserPool {
    if (pool) return pool;
    if (typeof input['UserPoolId'] === 'string') throw errors.poolNotFound(input['UserPoolId']);
    throw errors.clientNotFound(String(input['ClientId']));
  }
}

function tokenClientId(token: string): string | undefined {
  try {
    const clientId = decodeToken(token)['client_id'];
    return typeof clientId === 'string' ? clientId : undefined;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(errors.serialization());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw errors.serialization();
}

/** `__type` may carry a namespace (`com.amazon.coral.service#X`); logs and headers use the short name. */
function shortType(type: string): string {
  return type.slice(type.indexOf('#') + 1);
}

function send(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...extraHeaders,
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: CognitoServiceError, status: number): void {
  send(res, status, error.message ? { __type: error.type, message: error.message } : { __type: error.type }, {
    'x-amzn-ErrorType': `${shortType(error.type)}:`,
  });
}

/** Anything else is a defect in the twin: answer 500 with the reason rather than hang the client. */
function twinBug(caught: unknown, model: ServiceModel): CognitoServiceError {
  const reason = caught instanceof Error ? caught.stack ?? caught.message : String(caught);
  process.stderr.write(`twin: unexpected error: ${reason}\n`);
  return new CognitoServiceError(model.internalError, `Twin defect: ${caught instanceof Error ? caught.message : String(caught)}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
