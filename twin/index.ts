// The local Cognito user-pool twin: Cognito's JSON 1.1 wire protocol for the official SDK, pools
// with the behaviour the linking trigger depends on, sign-in simulation that drives the trigger like
// Cognito does, switches where Cognito's behaviour is unknown, and fault injection. See README.md.

export { Twin, startTwin, type TwinOptions } from './twin';
export {
  UserPool,
  type ApiResult,
  type PasswordSignInInput,
  type PoolOptions,
  type SeedUserSpec,
  type SignUpSimulationInput,
  type UserSnapshot,
} from './pool/pool';
export type { AppClientOptions, CustomAttributeOption, IdentityProviderOptions } from './pool/config';
export type { ClaimValue, FederatedSignInInput, FederatedSignInResult } from './pool/federation';
export type { ProviderType, UserStatus } from './pool/model';
export { decodeToken, type AuthenticationResult } from './pool/tokens';
export { blueprintPoolOptions, type BlueprintPoolOptions } from './blueprint';
export {
  DEFAULT_SWITCHES,
  SWITCH_NAMES,
  SWITCH_VALUES,
  describeSwitches,
  switchCombinations,
  type SwitchName,
  type TwinSwitches,
} from './switches';
export { loadSwitchReport, parseSwitchReport, type ConformanceCheck, type SwitchReport } from './switch-report';
export type { FaultKind, FaultRule, FaultSpec } from './faults';
export { QuotaGate, type QuotaCount, type QuotaOptions } from './quotas';
export type { RequestLogEntry } from './request-log';
export { COGNITO_TRIGGER_ATTEMPTS, COGNITO_TRIGGER_TIMEOUT_MS, type TriggerInvocation } from './triggers/invoker';
export type { ContainerInfo, TriggerFunction, TriggerRunResult } from './triggers/types';
export { artifactLambda, type ArtifactLambdaOptions } from './lambda/artifact-lambda';
export { handlerTrigger, inProcessLambda, type InProcessOptions, type LambdaContext, type LambdaHandler } from './lambda/in-process-lambda';
export { CognitoServiceError, TwinUsageError } from './errors';
export { ParameterStore, type ParameterInput, type ParameterType } from './ssm/parameter-store';
export { parameterEnvironment, writeStackParameters, type StackParameterOptions } from './stack-parameters';
