// Identities an operator unlinked for good (the tenant policy's linking.do_not_relink, written by
// `link-policy unlink --record` and reviewed like any policy change). Without this, the next SSO
// sign-in of an unlinked identity is a first sign-in again and the trigger would link it straight
// back. Such a sign-in is refused (LINK_DENIED, reason relink_blocked) whatever on_no_match says:
// a separate federated user created now could never be merged into anyone later, while a refusal is
// undone by removing the entry.
//
// The event's userName carries the subject lower-cased in case-insensitive pools, so an entry also
// matches ignoring case (A-Z, and Unicode: Cognito's lower-casing beyond ASCII is undocumented).
// Refusing is the safe side: two subjects of one provider differing only in case would both be kept
// off, never either linked wrongly.
import type { TriggerProvider, TriggerTenant } from '../../policy/trigger-view';
import { asciiLowerCase } from './ascii-case';

export function unlinkedForGood(tenant: TriggerTenant, provider: TriggerProvider, subjectOrSuffix: readonly string[]): boolean {
  const entries = tenant.linking.do_not_relink;
  if (!entries || entries.length === 0) return false;
  const wanted = asciiLowerCase(provider.name);
  const folded = subjectOrSuffix.filter((value) => value !== '').map((value) => value.toLowerCase());
  return entries.some(
    (entry) =>
      asciiLowerCase(entry.provider) === wanted &&
      (subjectOrSuffix.includes(entry.subject) || folded.includes(asciiLowerCase(entry.subject)) || folded.includes(entry.subject.toLowerCase())),
  );
}
