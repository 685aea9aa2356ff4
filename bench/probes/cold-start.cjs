'use strict';
// Cold-start probe, run as `node bench/probes/cold-start.cjs <mode> [artifact dir] [events.json]`
// in a fresh process per measurement. Plain CommonJS on purpose: anything the probe itself loaded
// (a TypeScript runner, the harness) would be counted as the trigger's cold start.
//   bare        prints "ready" at once: what a bare `node` start costs on this machine
//   load        requires <dir>/index.js (the module Lambda loads) and runs one invocation that needs
//               no Cognito call (a self sign-up from a domain no tenant owns), then prints "ready":
//               the first decision, so that work deferred from loading to the first call still counts
//   sdk         loads index.js, then times loading sdk.js and creating the client (first-call cost)
//   first-call  loads index.js, then times two invocations that each make one Cognito call (the
//               events file holds them): the first pays for loading the SDK and opening a connection
const path = require('node:path');

const [mode, dir, eventsFile] = process.argv.slice(2);
const elapsedMs = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const context = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 5000 };
const SIGN_UP = {
  version: '1',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_ColdStart',
  userName: 'cold-start',
  callerContext: { awsSdkVersion: 'aws-sdk-js-3.1169.0', clientId: 'cold-start-client' },
  triggerSource: 'PreSignUp_SignUp',
  request: { userAttributes: { email: 'someone@unlisted.example' }, validationData: {} },
  response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
};

async function main() {
  if (mode === 'bare') return 'ready';
  const { handler } = require(path.join(dir, 'index.js'));
  if (mode === 'load') {
    await handler(SIGN_UP, context);
    return 'ready';
  }
  if (mode === 'sdk') {
    const start = process.hrtime.bigint();
    const sdk = require(path.join(dir, 'sdk.js'));
    new sdk.CognitoIdentityProviderClient({ region: process.env.AWS_REGION });
    return JSON.stringify({ sdkMs: elapsedMs(start) });
  }
  if (mode === 'first-call') {
    const events = JSON.parse(require('node:fs').readFileSync(eventsFile, 'utf8'));
    const times = [];
    for (const event of events) {
      const start = process.hrtime.bigint();
      await handler(event, context).catch(() => undefined);
      times.push(elapsedMs(start));
    }
    return JSON.stringify({ callsMs: times });
  }
  throw new Error(`unknown mode ${mode}`);
}

main().then(
  (line) => {
    // The trigger's own log lines go to stdout too: the answer is the last line, on stderr.
    process.stderr.write(`${line}\n`);
  },
  (error) => {
    process.stderr.write(`probe failed: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
