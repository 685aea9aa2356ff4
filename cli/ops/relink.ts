// Would the trigger link this identity again? `unlink` asks the trigger's own engine (assessLink)
// about the identity's next sign-in, assuming the worst plausible assertion: the IdP asserts the
// user's own verified email (and match value). If the engine would go on to look for a user to
// link, the identity would be relinked; if it decides before that (do_not_relink, linking disabled,
// the provider never trusted), it would not. And the one write to the policies: --record adds the
// identity to its tenant's linking.do_not_relink, editing the YAML document in place so comments
// and layout survive review, and keeps the change only if the policies still load.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { DirectoryUser } from '../../lambda/engine/candidate-selection';
import { attribute } from '../../lambda/engine/event';
import { assessLink } from '../../lambda/engine/link-assessment';
import { tenantOf, type PolicyIndex } from '../../lambda/engine/policy-index';
import { formatProblem, loadPolicySet, type CompiledPolicySet } from '../../policy';
import { indexPolicySet } from '../../lambda/engine/policy-index';
import type { Identity } from './identities';

export interface RelinkAssessment {
  /** True when the identity's next sign-in would be linked again. */
  readonly relinks: boolean;
  /** The engine's reason code when it would not (relink_blocked, linking_disabled, …). */
  readonly reason?: string;
  readonly words: string;
}

export function relinkAssessment(index: PolicyIndex, identity: Identity, user: DirectoryUser): RelinkAssessment {
  const provider = index.provider(identity.providerName);
  if (!provider) return { relinks: false, reason: 'unknown_provider', words: `never: no tenant declares ${identity.providerName} (unknown_provider)` };
  const tenant = tenantOf(index, provider);
  const asserted = new Map<string, string>([['email_verified', 'true']]);
  const email = attribute(user.attributes, 'email');
  if (email !== undefined) asserted.set('email', email);
  const { match } = tenant.linking;
  const matchValue = match.attribute === 'username' ? user.username : attribute(user.attributes, match.attribute);
  if (matchValue !== undefined) asserted.set(match.from, matchValue);
  if (provider.subject.source === 'attribute') asserted.set(provider.subject.attribute, identity.userId);
  const assessment = assessLink(index, {
    triggerSource: 'PreSignUp_ExternalProvider',
    // As Cognito sends it in a case-insensitive pool: do_not_relink entries match either case.
    userName: `${provider.name}_${identity.userId}`.toLowerCase(),
    request: { userAttributes: Object.fromEntries(asserted) },
  });
  if (assessment.kind === 'lookup') {
    return {
      relinks: true,
      words: `the trigger would link it again at its next sign-in (not on tenant ${tenant.id}'s linking.do_not_relink): --record it first`,
    };
  }
  const { reason } = assessment.decision;
  return { relinks: false, reason, words: `never: the trigger decides ${reason} for its next sign-in` };
}

/**
 * Adds the identity to its tenant's linking.do_not_relink by inserting lines into the file as it is
 * (a re-serialised document would reflow comments and flow lists, and a reviewer would see a diff
 * of everything); the policies must still load afterwards, else the file is left as it was.
 */
export function recordUnlinked(cwd: string, dir: string, set: CompiledPolicySet, identity: Identity, note: string | undefined): { readonly file: string } | { readonly error: string } {
  const index = indexPolicySet(set);
  const provider = index.provider(identity.providerName);
  if (!provider) return { error: `no tenant declares ${identity.providerName}: there is no policy to record it in` };
  const tenant = index.tenant(provider.tenant_id)!;
  const shown = join(dir, (tenant as { source_file?: string }).source_file ?? `${tenant.id}.yaml`);
  const path = resolve(cwd, shown);
  const original = readFileSync(path, 'utf8');
  const updated = withEntry(original, { provider: provider.name, subject: identity.userId, ...(note !== undefined ? { note } : {}) });
  if ('error' in updated) return { error: `${shown}: ${updated.error}` };
  writeFileSync(path, updated.text);
  const reloaded = loadPolicySet(resolve(cwd, dir), { displayDir: dir });
  if (!reloaded.ok) {
    writeFileSync(path, original);
    return { error: `recording would make the policies invalid, so ${shown} is left as it was:\n${reloaded.problems.map(formatProblem).join('\n')}` };
  }
  return { file: shown };
}

function withEntry(text: string, entry: Readonly<Record<string, string>>): { readonly text: string } | { readonly error: string } {
  const document = parseDocument(text);
  const linking = document.get('linking', true);
  if (!isMap(linking) || linking.flow || linking.items.length === 0) return { error: 'no block mapping under linking: to record the identity in' };
  const keyIndent = columnOf(text, (linking.items[0]!.key as { range?: [number, number, number] }).range![0]);
  const list = linking.get('do_not_relink', true);
  let at: number;
  let itemIndent: string;
  let head = '';
  if (isSeq(list) && !list.flow && list.items.length > 0) {
    at = lineEnd(text, list.range![1] - 1);
    itemIndent = ' '.repeat(columnOf(text, (list.items[0] as { range?: [number, number, number] }).range![0]) - 2);
  } else if (list === undefined) {
    at = lineEnd(text, linking.range![1] - 1);
    itemIndent = ' '.repeat(keyIndent + 2);
    head = `${' '.repeat(keyIndent)}do_not_relink:\n`;
  } else {
    return { error: 'linking.do_not_relink is not a block list: add the entry by hand' };
  }
  const fields = Object.entries(entry).map(([name, value], position) => `${itemIndent}${position === 0 ? '- ' : '  '}${name}: ${scalar(value)}\n`);
  const insertion = `${head}${fields.join('')}`;
  const before = text.slice(0, at);
  return { text: `${before}${before.endsWith('\n') ? '' : '\n'}${insertion}${text.slice(at)}` };
}

/** Plain when it reads back as the same string, else double-quoted (a JSON string is a valid YAML one). */
function scalar(value: string): string {
  return /^[A-Za-z][A-Za-z0-9_.@-]*$/.test(value) && !/^(?:true|false|yes|no|on|off|null|y|n)$/i.test(value) ? value : JSON.stringify(value);
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The offset just after the newline ending the line that holds `offset`. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}
