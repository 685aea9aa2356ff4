// The construct in someone else's cdktf app (docs/stack.md, "Use the construct in your own cdktf
// app"): their own stack and provider, their policies directory, run from their directory. Nothing
// may depend on this checkout being the working directory.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, AwsProvider, TerraformStack } from '../../stack/cdktf';
import { LinkPolicyUserPool } from '../../stack';
import { EXAMPLE_POLICIES, only, temporaryDir, type TerraformJson } from './synth-helpers';

it('synthesizes inside another app, from another working directory, with its asset where the function points', () => {
  const work = temporaryDir('consumer-app');
  cpSync(EXAMPLE_POLICIES, join(work, 'tenant-policies'), { recursive: true });
  const previous = process.cwd();
  process.chdir(work);
  try {
    const app = new App({ outdir: 'cdktf.out', skipValidation: true });
    const stack = new TerraformStack(app, 'identity');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new LinkPolicyUserPool(stack, 'link-policy', { policiesDir: 'tenant-policies', namePrefix: 'acme-prod' });
    app.synth();
  } finally {
    process.chdir(previous);
  }

  const stackDir = join(work, 'cdktf.out', 'stacks', 'identity');
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as TerraformJson;
  expect(json.provider?.aws).toEqual([{ region: 'eu-west-1' }]);
  expect(only(json, 'aws_cognito_user_pool')).toMatchObject({ lambda_config: expect.any(Object) });
  const filename = only(json, 'aws_lambda_function').filename as string;
  const archive = join(stackDir, filename.replace('${path.module}/', ''));
  expect(existsSync(archive)).toBe(true);
  expect(readFileSync(archive).subarray(0, 2).toString()).toBe('PK');
  expect(json.variable.name_prefix).toMatchObject({ default: 'acme-prod' });
});
