// Counts of what the property runs exercised, for the report: a property that held over nothing
// proves nothing, so every check is counted.

export interface Violation {
  readonly property: 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
  readonly detail: string;
}

export interface Tally {
  worlds: number;
  /** Trigger invocations (Cognito's retries included). */
  events: number;
  readonly bySource: Record<string, number>;
  /** '<triggerSource> <reason code>'. */
  readonly byReason: Record<string, number>;
  readonly byRefusal: Record<string, number>;
  readonly byAction: Record<string, number>;
  /** Worlds per value of switches (a) and (e). */
  readonly bySwitches: Record<string, number>;
  /** Links that appeared in the twin, each judged by the oracle (P2). */
  links: number;
  /** Pre authentications of federated sign-ins, each required to pass (P3). */
  federatedPreAuthChecked: number;
  /** Password sign-ins the oracle says must be refused, each checked (P4). */
  passwordBlocksChecked: number;
  /** Federated users created, each judged against the asserted email's tenant's sign_in_methods (P5). */
  accountsCreatedChecked: number;
  /** Federated sign-ins into existing accounts, each judged against the account's tenant's sign_in_methods (P5). */
  signInsIntoAccountsChecked: number;
  /** Of those, sign-ins the oracle says must be refused (an account of a refused method), each checked (P5). */
  refusedMethodSignInsChecked: number;
  readonly violations: Violation[];
}

export function newTally(): Tally {
  return {
    worlds: 0,
    events: 0,
    bySource: {},
    byReason: {},
    byRefusal: {},
    byAction: {},
    bySwitches: {},
    links: 0,
    federatedPreAuthChecked: 0,
    passwordBlocksChecked: 0,
    accountsCreatedChecked: 0,
    signInsIntoAccountsChecked: 0,
    refusedMethodSignInsChecked: 0,
    violations: [],
  };
}

export function addCount(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}
