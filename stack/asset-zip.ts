import { join } from 'node:path';
import { App, AssetType, TerraformAsset, TerraformStack } from './cdktf';

/**
 * Zips a directory exactly as the stack's function asset is zipped (TerraformAsset, type
 * ARCHIVE), through the framework's public API, and returns the zip's path. For measurements
 * that must compress like the shipped artifact (bench/); never used by the stack itself.
 */
export function zipLikeTheStack(dir: string, outdir: string): string {
  const app = new App({ outdir, skipValidation: true });
  const stack = new TerraformStack(app, 'asset');
  const asset = new TerraformAsset(stack, 'code', { path: dir, type: AssetType.ARCHIVE });
  app.synth();
  return join(outdir, 'stacks', 'asset', asset.path);
}
