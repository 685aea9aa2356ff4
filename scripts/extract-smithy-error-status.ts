// Extracts the HTTP status of every Cognito error shape from the Smithy model in aws/api-models-aws
// (cognito-identity-provider/service/2016-04-18/cognito-identity-provider-2016-04-18.json) into
// vendor/aws-model/cognito-idp-error-status.smithy.json. The botocore model the twin is generated
// from has no statuses; Smithy's `smithy.api#httpError` trait has them (a server fault without
// the trait is 500, a client fault 400, per the Smithy error trait). Usage:
//   node scripts/run-ts.cjs scripts/extract-smithy-error-status.ts <smithy model.json> <commit>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../policy/package-root';

export const ERROR_STATUS_PATH = join(packageRoot(), 'vendor', 'aws-model', 'cognito-idp-error-status.smithy.json');

interface SmithyShape {
  readonly traits?: Record<string, unknown>;
}

export function extractErrorStatuses(model: { shapes: Record<string, SmithyShape> }): Record<string, number> {
  const statuses: Record<string, number> = {};
  for (const [id, shape] of Object.entries(model.shapes)) {
    const fault = shape.traits?.['smithy.api#error'];
    if (fault !== 'client' && fault !== 'server') continue;
    const explicit = shape.traits?.['smithy.api#httpError'];
    statuses[id.slice(id.indexOf('#') + 1)] = typeof explicit === 'number' ? explicit : fault === 'server' ? 500 : 400;
  }
  return Object.fromEntries(Object.entries(statuses).sort(([a], [b]) => a.localeCompare(b)));
}

export function main(argv: string[]): number {
  const [path, commit] = argv;
  if (!path || !commit) {
    process.stderr.write('usage: extract-smithy-error-status.ts <cognito-identity-provider-2016-04-18.json> <api-models-aws commit>\n');
    return 2;
  }
  const statuses = extractErrorStatuses(JSON.parse(readFileSync(path, 'utf8')));
  const document = {
    source: `aws/api-models-aws ${commit} cognito-identity-provider/service/2016-04-18/cognito-identity-provider-2016-04-18.json`,
    statuses,
  };
  writeFileSync(ERROR_STATUS_PATH, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`wrote ${ERROR_STATUS_PATH} (${Object.keys(statuses).length} error shapes)\n`);
  return 0;
}
