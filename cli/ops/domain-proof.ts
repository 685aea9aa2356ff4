// Proof that a tenant owns its domains: a DNS TXT record at `_link-policy.<domain>` holding
// `link-policy-tenant=<tenant id>` (docs/domain-proof.md). Only who controls the domain's DNS can
// publish it, and it names the tenant, so one tenant's proof cannot vouch for another's claim (the
// scheme WorkOS, Clerk and Better Auth use before domain-based linking, docs/peers.md). Looked up
// with Node's own resolver (node:dns, c-ares: the system's servers, or --resolver): no dependency,
// and the same code path in CI as on an operator's machine.
import { Resolver } from 'node:dns/promises';

export const PROOF_PREFIX = '_link-policy';
export const PROOF_KEY = 'link-policy-tenant';

export function proofName(domain: string): string {
  return `${PROOF_PREFIX}.${domain}`;
}

export function proofValue(tenantId: string): string {
  return `${PROOF_KEY}=${tenantId}`;
}

export type ProofResult =
  | { readonly status: 'proven' }
  /** No TXT record at the name, or none of ours. */
  | { readonly status: 'missing' }
  /** A proof naming other tenants only: the domain's owner vouches for someone else. */
  | { readonly status: 'other_tenant'; readonly tenants: readonly string[] }
  /** The lookup itself failed (timeout, SERVFAIL, refused): nothing is known. */
  | { readonly status: 'lookup_failed'; readonly code: string };

export interface ProofLookup {
  check(domain: string, tenantId: string): Promise<ProofResult>;
}

/** `servers`: `host:port` entries for Resolver.setServers; empty: the system's resolvers. */
export function dnsProofLookup(servers: readonly string[], timeoutMs: number): ProofLookup {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers.length > 0) resolver.setServers([...servers]);
  return {
    async check(domain, tenantId) {
      let records: string[][];
      try {
        records = await resolver.resolveTxt(proofName(domain));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
        // NXDOMAIN and an empty answer: nothing published.
        if (code === 'ENOTFOUND' || code === 'ENODATA') return { status: 'missing' };
        return { status: 'lookup_failed', code };
      }
      // A TXT record may be split into several strings (RFC 1035 §3.3.14): one record is their concatenation.
      const values = records.map((strings) => strings.join('').trim());
      const named = values.flatMap((value) => {
        const match = /^link-policy-tenant=([a-z0-9-]+)$/.exec(value);
        return match ? [match[1]!] : [];
      });
      if (named.includes(tenantId)) return { status: 'proven' };
      if (named.length > 0) return { status: 'other_tenant', tenants: [...new Set(named)] };
      return { status: 'missing' };
    },
  };
}
