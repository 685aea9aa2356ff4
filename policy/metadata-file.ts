// SAML metadata files referenced by policies (connection.metadata_file): they must exist next to
// the policy, stay small, and look like SAML metadata, so a typo fails review instead of apply.
import { posix } from 'node:path';
import type { Problem } from './problems';
import { problemAt } from './report';
import type { TenantPolicy } from './schema-types.generated';
import type { ParsedYaml } from './yaml-source';

export const MAX_METADATA_BYTES = 1024 * 1024;
const ENTITY_DESCRIPTOR = /<(?:[A-Za-z_][\w.-]*:)?EntityDescriptor[\s>/]/;

export interface ReferencedFile {
  readonly bytes: number;
  /** Reads the content; only called when the file is within the size limit. */
  read(): string;
}

/** Looks up a file by its path as shown in messages (e.g. 'policies/metadata/acme.xml'); undefined when missing. */
export type ReferencedFileReader = (path: string) => ReferencedFile | undefined;

/** Where a metadata_file reference points, as shown in messages. */
export function referencedPath(policyFile: string, reference: string): string {
  return posix.normalize(posix.join(posix.dirname(policyFile), reference));
}

export function checkMetadataFiles(parsed: ParsedYaml, policy: TenantPolicy, read: ReferencedFileReader): Problem[] {
  const problems: Problem[] = [];
  policy.identity_providers.forEach((provider, index) => {
    if (provider.type !== 'SAML' || !provider.connection || !('metadata_file' in provider.connection)) return;
    const path = ['identity_providers', index, 'connection', 'metadata_file'];
    const target = referencedPath(parsed.file, provider.connection.metadata_file);
    const file = read(target);
    if (!file) {
      problems.push(
        problemAt(parsed, path, {
          rule: 'metadata.missing',
          message: `metadata_file '${provider.connection.metadata_file}' does not exist (looked for ${target})`,
          hint: "Commit the IdP's metadata XML at that path (relative to the policy file), or use metadata_url.",
        }),
      );
    } else if (file.bytes > MAX_METADATA_BYTES) {
      problems.push(
        problemAt(parsed, path, {
          rule: 'metadata.too-large',
          message: `metadata_file ${target} is ${file.bytes} bytes; at most ${MAX_METADATA_BYTES} (1 MiB) are allowed`,
          hint: "SAML metadata is usually a few kilobytes: check that this is the IdP's metadata document.",
        }),
      );
    } else if (!ENTITY_DESCRIPTOR.test(file.read())) {
      problems.push(
        problemAt(parsed, path, {
          rule: 'metadata.not-saml',
          message: `metadata_file ${target} does not look like SAML metadata: it has no EntityDescriptor element`,
          hint: "Download the federation metadata XML from the IdP (it starts with <EntityDescriptor ...>).",
        }),
      );
    }
  });
  return problems;
}
