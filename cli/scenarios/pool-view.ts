// The pool a scenario runs on, as the scenario sees it: the blueprint's providers and app clients
// (what the stack deploys for the policies) plus the scenario's unmanaged providers, and which app
// client a step uses when it names none.
import type { CompiledPolicySet, CompiledProvider } from '../../policy/compiled';
import type { BlueprintAppClient, PoolBlueprint } from '../../policy/pool-blueprint';
import type { Scenario } from './format';

export interface PoolProvider {
  readonly name: string;
  readonly type: string;
  readonly attribute_mapping: Readonly<Record<string, string>>;
  /** Absent for unmanaged providers. */
  readonly policy?: CompiledProvider;
}

/** Exact name -> provider. */
export function providersOf(set: CompiledPolicySet, scenario: Pick<Scenario, 'unmanaged_providers'>): Map<string, PoolProvider> {
  const providers = new Map<string, PoolProvider>();
  for (const provider of Object.values(set.providers)) {
    providers.set(provider.name, { name: provider.name, type: provider.type, attribute_mapping: provider.attribute_mapping, policy: provider });
  }
  for (const provider of scenario.unmanaged_providers ?? []) providers.set(provider.name, provider);
  return providers;
}

/** The blueprint with the scenario's unmanaged providers added, offered by every SSO app client. */
export function scenarioBlueprint(blueprint: PoolBlueprint, scenario: Pick<Scenario, 'unmanaged_providers'>): PoolBlueprint {
  const extra = scenario.unmanaged_providers ?? [];
  if (extra.length === 0) return blueprint;
  const names = extra.map((provider) => provider.name);
  const custom = new Set(blueprint.custom_attributes);
  for (const provider of extra) for (const name of Object.keys(provider.attribute_mapping)) if (name.startsWith('custom:')) custom.add(name);
  return {
    ...blueprint,
    custom_attributes: [...custom].sort(),
    identity_providers: [
      ...blueprint.identity_providers,
      ...extra.map((provider) => ({ name: provider.name, type: provider.type, tenant_id: '', attribute_mapping: provider.attribute_mapping, idp_identifiers: [] })),
    ],
    app_clients: blueprint.app_clients.map((client) =>
      client.sign_in === 'password' ? client : { ...client, supported_identity_providers: [...client.supported_identity_providers, ...names] },
    ),
  };
}

export type ClientPurpose = 'federated' | 'password' | 'sign_up';

export type ClientChoice =
  | { readonly ok: true; readonly name: string; readonly api: 'InitiateAuth' | 'AdminInitiateAuth' }
  | { readonly ok: false; readonly message: string; readonly hint: string };

function fits(client: BlueprintAppClient, purpose: ClientPurpose, provider: string | undefined): boolean {
  switch (purpose) {
    case 'federated':
      return provider !== undefined && client.supported_identity_providers.includes(provider);
    case 'sign_up':
      return client.supported_identity_providers.includes('COGNITO');
    case 'password':
      return client.explicit_auth_flows.includes('ALLOW_USER_PASSWORD_AUTH') || client.explicit_auth_flows.includes('ALLOW_ADMIN_USER_PASSWORD_AUTH');
  }
}

const PURPOSE_WORDS: Record<ClientPurpose, string> = {
  federated: 'offers that identity provider',
  sign_up: 'offers the user directory (COGNITO) for sign-up',
  password: 'allows USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH (the twin does not model SRP)',
};

/** The named client, or the first one that fits the purpose, in _pool.yaml order. */
export function resolveClient(
  blueprint: PoolBlueprint,
  scenario: Pick<Scenario, 'unmanaged_providers'>,
  purpose: ClientPurpose,
  name: string | undefined,
  provider: string | undefined,
): ClientChoice {
  const clients = scenarioBlueprint(blueprint, scenario).app_clients;
  const client = name === undefined ? clients.find((candidate) => fits(candidate, purpose, provider)) : clients.find((candidate) => candidate.name === name);
  const names = clients.map((candidate) => candidate.name).join(', ');
  if (!client) {
    return name === undefined
      ? { ok: false, message: `no app client ${PURPOSE_WORDS[purpose]}`, hint: `App clients in _pool.yaml: ${names}.` }
      : { ok: false, message: `_pool.yaml has no app client '${name}'`, hint: `App clients: ${names}.` };
  }
  if (!fits(client, purpose, provider)) {
    return { ok: false, message: `app client '${client.name}' is not one that ${PURPOSE_WORDS[purpose]}`, hint: `Pick another client (${names}) or leave client: out.` };
  }
  return { ok: true, name: client.name, api: client.explicit_auth_flows.includes('ALLOW_USER_PASSWORD_AUTH') ? 'InitiateAuth' : 'AdminInitiateAuth' };
}
