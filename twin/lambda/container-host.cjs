'use strict';
// One Lambda execution environment, forked by twin/lambda/artifact-lambda.ts. It loads the function
// once (the init phase, timed as a cold start), then serves one invocation at a time over IPC.
// stdout/stderr writes are forwarded over the same IPC channel as the results, so every line
// arrives before the result of the invocation that wrote it.

const path = require('node:path');
const { performance } = require('node:perf_hooks');

let current = null;
const send = (message) => {
  if (process.connected) process.send(message);
};

for (const name of ['stdout', 'stderr']) {
  const stream = process[name];
  stream.write = function write(chunk, encoding, callback) {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    send({ type: 'log', id: current, text });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  };
}

// An environment whose parent went away ends, as Lambda's do.
process.on('disconnect', () => process.exit(0));

const dir = process.env.TWIN_LAMBDA_DIR;
const handlerSetting = process.env._HANDLER || 'index.handler';
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME || 'function';
const region = process.env.AWS_REGION || 'eu-west-1';
const memory = process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE || '1024';

let handler;
let initError;
const initStart = performance.now();
try {
  const dot = handlerSetting.lastIndexOf('.');
  const file = handlerSetting.slice(0, dot);
  const exportName = handlerSetting.slice(dot + 1);
  const loaded = require(path.resolve(dir, file));
  handler = loaded[exportName];
  if (typeof handler !== 'function') {
    initError = { errorType: 'Runtime.HandlerNotFound', errorMessage: `${handlerSetting} is undefined or not exported` };
  }
} catch (error) {
  initError = { errorType: 'Runtime.ImportModuleError', errorMessage: error && error.message ? error.message : String(error) };
}
send({ type: 'ready', initDurationMs: performance.now() - initStart });

function run(event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (error, value) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(value);
    };
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then((value) => callback(null, value), (error) => callback(error || new Error('rejected')));
    } catch (error) {
      callback(error);
    }
  });
}

process.on('message', async (message) => {
  if (!message || message.type !== 'invoke') return;
  current = message.id;
  if (initError) {
    send({ type: 'result', id: message.id, kind: 'threw', ...initError });
    current = null;
    return;
  }
  const deadline = Date.now() + message.functionTimeoutMs;
  const context = {
    awsRequestId: message.awsRequestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: memory,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `twin/[$LATEST]${process.pid}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const value = await run(message.event, context);
    send({ type: 'result', id: message.id, kind: 'returned', value: value === undefined ? null : value });
  } catch (error) {
    send({
      type: 'result',
      id: message.id,
      kind: 'threw',
      errorType: (error && error.name) || 'Error',
      errorMessage: error && error.message !== undefined ? String(error.message) : String(error),
    });
  }
  current = null;
});
