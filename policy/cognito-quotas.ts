// Cognito's API request-rate quotas (docs/cognito-facts.md §7), in one place for the twin, which
// enforces them (twin/quotas.ts), and the operator commands, which budget them (cli/ops/bulk/quota.ts).
// A quota is per category of operations, in requests per second, for one AWS account in one Region,
// across all its user pools. GUIDE-2023 = the Developer Guide's quotas page, doc_source/limits.md at
// awsdocs/amazon-cognito-developer-guide commit 64260a9 (January 2023), the last public source text.

/** GUIDE-2023 limits.md, "per-category request rate quotas": default requests per second, and whether AWS raises it on request. */
export const QUOTA_CATEGORIES = {
  UserAuthentication: { rps: 120, adjustable: true },
  UserCreation: { rps: 50, adjustable: true },
  UserFederation: { rps: 25, adjustable: true },
  UserAccountRecovery: { rps: 30, adjustable: false },
  UserRead: { rps: 120, adjustable: true },
  UserUpdate: { rps: 25, adjustable: false },
  UserToken: { rps: 120, adjustable: true },
  UserResourceRead: { rps: 50, adjustable: true },
  UserResourceUpdate: { rps: 25, adjustable: false },
  UserList: { rps: 30, adjustable: false },
  UserPoolRead: { rps: 15, adjustable: false },
  UserPoolUpdate: { rps: 15, adjustable: false },
  UserPoolResourceRead: { rps: 20, adjustable: false },
  UserPoolResourceUpdate: { rps: 15, adjustable: false },
  UserPoolClientRead: { rps: 15, adjustable: false },
  UserPoolClientUpdate: { rps: 15, adjustable: false },
} as const satisfies Readonly<Record<string, { readonly rps: number; readonly adjustable: boolean }>>;

export type QuotaCategory = keyof typeof QUOTA_CATEGORIES;

export function isQuotaCategory(name: string): name is QuotaCategory {
  return Object.hasOwn(QUOTA_CATEGORIES, name);
}

/**
 * GUIDE-2023 limits.md, footnote 1: "Any individual operation in this category has a constraint that
 * prevents the operation from being called at a rate higher than 5 RPS for a single user pool."
 */
export const PER_POOL_OPERATION_RPS = 5;
export const PER_POOL_LIMITED_CATEGORIES: readonly QuotaCategory[] = ['UserPoolResourceRead', 'UserPoolResourceUpdate', 'UserPoolClientRead', 'UserPoolClientUpdate'];

/**
 * GUIDE-2023 limits.md, "operations with special request rate handling": RespondToAuthChallenge and
 * AdminRespondToAuthChallenge have their own quota, three times UserAuthentication's; calls beyond it
 * count against UserAuthentication.
 */
export const CHALLENGE_RESPONSE_FACTOR = 3;
export const CHALLENGE_RESPONSE_OPERATIONS: readonly string[] = ['RespondToAuthChallenge', 'AdminRespondToAuthChallenge'];

/**
 * The category each operation counts against. The guide names the operations of each category only
 * in the HTML page's expandable lists, which no retrievable source text holds (docs/cognito-facts.md
 * §7): DOC marks the operations the guide's own prose names with their category; INF marks a
 * category chosen from the categories' descriptions. Where two categories fit, the one with the
 * lower quota is taken (a wrong guess then errs on the slow side), and the twin can be told the
 * other (twin/quotas.ts `categories`) to test that the commands stay right under it.
 */
export const OPERATION_CATEGORIES = {
  SignUp: { category: 'UserCreation', source: 'DOC' },
  ConfirmSignUp: { category: 'UserCreation', source: 'DOC' },
  AdminCreateUser: { category: 'UserCreation', source: 'DOC' },
  AdminConfirmSignUp: { category: 'UserCreation', source: 'DOC' },
  InitiateAuth: { category: 'UserAuthentication', source: 'DOC' },
  AdminInitiateAuth: { category: 'UserAuthentication', source: 'DOC' },
  RespondToAuthChallenge: { category: 'UserAuthentication', source: 'DOC' },
  AdminRespondToAuthChallenge: { category: 'UserAuthentication', source: 'DOC' },
  /** "Operations that retrieve a user from your user pools". */
  AdminGetUser: { category: 'UserRead', source: 'INF' },
  /** "Operations that return a list of users". */
  ListUsers: { category: 'UserList', source: 'INF' },
  /** "Operations that you use to manage users and user attributes" (UserUpdate, 25 RPS) for the writes below. */
  AdminUpdateUserAttributes: { category: 'UserUpdate', source: 'INF' },
  AdminDeleteUser: { category: 'UserUpdate', source: 'INF' },
  AdminDisableUser: { category: 'UserUpdate', source: 'INF' },
  AdminEnableUser: { category: 'UserUpdate', source: 'INF' },
  AdminLinkProviderForUser: { category: 'UserUpdate', source: 'INF' },
  AdminDisableProviderForUser: { category: 'UserUpdate', source: 'INF' },
  /** UserUpdate (25) or UserToken ("operations for token management", 120): the lower is taken. */
  AdminUserGlobalSignOut: { category: 'UserUpdate', source: 'INF' },
  /** "Operations that recover a user's account, or change or update a user's password". */
  AdminSetUserPassword: { category: 'UserAccountRecovery', source: 'INF' },
  /** "Operations that read your user pools". */
  DescribeUserPool: { category: 'UserPoolRead', source: 'INF' },
  /** "Operations that retrieve information about your user pool clients". */
  DescribeUserPoolClient: { category: 'UserPoolClientRead', source: 'INF' },
  ListUserPoolClients: { category: 'UserPoolClientRead', source: 'INF' },
  /** "Operations that retrieve information about resources ... from a user pool". */
  DescribeIdentityProvider: { category: 'UserPoolResourceRead', source: 'INF' },
  ListIdentityProviders: { category: 'UserPoolResourceRead', source: 'INF' },
} as const satisfies Readonly<Record<string, { readonly category: QuotaCategory; readonly source: 'DOC' | 'INF' }>>;

export type CategorisedOperation = keyof typeof OPERATION_CATEGORIES;

export function categoryOf(operation: string): QuotaCategory | undefined {
  return Object.hasOwn(OPERATION_CATEGORIES, operation) ? OPERATION_CATEGORIES[operation as CategorisedOperation].category : undefined;
}
