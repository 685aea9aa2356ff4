// policy.json, the artifact's copy of the trigger view (policy/trigger-view.ts). Tenants repeat
// the same linking rules, messages, exemption lists and sign-in methods, and providers the same subject source
// (1,000 generated tenants have 49 distinct linking blocks and 4 subject sources), so the file
// holds each distinct value once, in `shared`, and records name it by position: half the bytes
// to read and parse at cold start, and a smaller heap. Decoding restores the view exactly; equal
// values become one shared object, which is safe because the trigger never mutates the view.
import type { TriggerPolicySet, TriggerProvider, TriggerTenant } from '../policy/trigger-view';
import { asciiLowerCase } from './engine/ascii-case';

type NativeLogin = TriggerTenant['native_login'];

interface SharedValues {
  readonly linking: readonly TriggerTenant['linking'][];
  readonly messages: readonly TriggerTenant['messages'][];
  readonly exempt: readonly NativeLogin['exempt'][];
  readonly subject: readonly TriggerProvider['subject'][];
  readonly sign_in_methods: readonly TriggerTenant['sign_in_methods'][];
}

type FileTenant = Omit<TriggerTenant, 'linking' | 'messages' | 'native_login' | 'sign_in_methods'> & {
  readonly linking: number;
  readonly messages: number;
  readonly sign_in_methods: number;
  readonly native_login: Omit<NativeLogin, 'exempt'> & { readonly exempt: number };
};

type FileProvider = Omit<TriggerProvider, 'subject'> & { readonly subject: number };

export interface PolicyFile extends Omit<TriggerPolicySet, 'tenants' | 'providers'> {
  readonly shared: SharedValues;
  readonly tenants: Readonly<Record<string, FileTenant>>;
  readonly providers: Readonly<Record<string, FileProvider>>;
}

/**
 * Throws for a view the trigger could not use: the loader never produces one, and the trigger's
 * lookups (engine/policy-index.ts) rely on these at run time without checking them again.
 */
export function encodePolicyFile(view: TriggerPolicySet): PolicyFile {
  checkReferences(view);
  const linking = interner<TriggerTenant['linking']>();
  const messages = interner<TriggerTenant['messages']>();
  const exempt = interner<NativeLogin['exempt']>();
  const subject = interner<TriggerProvider['subject']>();
  const methods = interner<TriggerTenant['sign_in_methods']>();
  const tenants: Record<string, FileTenant> = {};
  for (const [key, tenant] of Object.entries(view.tenants)) {
    define(tenants, key, {
      ...tenant,
      linking: linking.add(tenant.linking),
      messages: messages.add(tenant.messages),
      native_login: { ...tenant.native_login, exempt: exempt.add(tenant.native_login.exempt) },
      sign_in_methods: methods.add(tenant.sign_in_methods),
    });
  }
  const providers: Record<string, FileProvider> = {};
  for (const [key, provider] of Object.entries(view.providers)) define(providers, key, { ...provider, subject: subject.add(provider.subject) });
  return {
    format: view.format,
    digest: view.digest,
    settings: view.settings,
    shared: { linking: linking.values, messages: messages.values, exempt: exempt.values, subject: subject.values, sign_in_methods: methods.values },
    tenants,
    providers,
    domains: view.domains,
  };
}

/**
 * Runs once per container, in V8's interpreter: plain loops, and records with null prototypes so
 * that a key is only ever an own property, whatever it is called.
 */
export function decodePolicyFile(file: PolicyFile): TriggerPolicySet {
  const { shared } = file;
  const tenants = Object.create(null) as Record<string, TriggerTenant>;
  for (const key of Object.keys(file.tenants)) {
    const tenant = file.tenants[key]!;
    const login = tenant.native_login;
    tenants[key] = {
      id: tenant.id,
      domains: tenant.domains,
      providers: tenant.providers,
      linking: at(shared.linking, tenant.linking, key),
      native_login: {
        password_sign_in: login.password_sign_in,
        password_sign_up: login.password_sign_up,
        admin_create_user: login.admin_create_user,
        sso_provider: login.sso_provider,
        exempt: at(shared.exempt, login.exempt, key),
      },
      sign_in_methods: at(shared.sign_in_methods, tenant.sign_in_methods, key),
      messages: at(shared.messages, tenant.messages, key),
    };
  }
  const providers = Object.create(null) as Record<string, TriggerProvider>;
  for (const key of Object.keys(file.providers)) {
    const provider = file.providers[key]!;
    providers[key] = {
      name: provider.name,
      type: provider.type,
      tenant_id: provider.tenant_id,
      subject: at(shared.subject, provider.subject, key),
      email_trust: provider.email_trust,
    };
  }
  return { format: file.format, digest: file.digest, settings: file.settings, tenants, providers, domains: file.domains };
}

function checkReferences(view: TriggerPolicySet): void {
  const tenantIds = new Set(Object.keys(view.tenants));
  for (const [key, provider] of Object.entries(view.providers)) {
    if (!tenantIds.has(provider.tenant_id)) throw new Error(`compiled policy set: provider ${key} names unknown tenant ${provider.tenant_id}`);
    if (asciiLowerCase(provider.name) !== key) throw new Error(`compiled policy set: provider ${provider.name} is keyed ${key}, not its name with A-Z lower-cased`);
  }
  for (const [domain, tenantId] of Object.entries(view.domains)) {
    if (!tenantIds.has(tenantId)) throw new Error(`compiled policy set: domain ${domain} names unknown tenant ${tenantId}`);
  }
}

function at<T>(values: readonly T[], position: number, key: string): T {
  const value = values[position];
  if (value === undefined) throw new Error(`policy.json: ${key} refers to shared value ${position}, which does not exist`);
  return value;
}

/** Each distinct value (by its JSON) once, in first-seen order: the same view always gives the same file. */
function interner<T>(): { readonly values: T[]; add(value: T): number } {
  const positions = new Map<string, number>();
  const values: T[] = [];
  return {
    values,
    add(value) {
      const json = JSON.stringify(value);
      let position = positions.get(json);
      if (position === undefined) {
        position = values.push(value) - 1;
        positions.set(json, position);
      }
      return position;
    },
  };
}

/** An own property even for a key such as "__proto__", which plain assignment would not create. */
function define<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
