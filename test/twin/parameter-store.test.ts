// The twin's Parameter Store through the official @aws-sdk/client-ssm (what the trigger reads its
// configuration with): AWS JSON 1.1 `AmazonSSM.<Operation>` on the Cognito twin's endpoint [DOC:
// Smithy AWS JSON 1.1], held to SSM's vendored model (vendor/aws-model/ssm-2014-11-06.service-2.json)
// as the Cognito operations are to Cognito's.
import { GetParameterCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startTwin, type Twin } from '../../twin';

let twin: Twin;
let ssm: SSMClient;
beforeAll(async () => {
  twin = await startTwin({ seed: 5 });
  ssm = new SSMClient({ endpoint: twin.endpoint, region: twin.region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
});
afterEach(() => twin.faults.clear());
afterAll(async () => {
  ssm.destroy();
  await twin.stop();
});

describe('Parameter Store on the twin', () => {
  it('GetParameters returns what exists and lists the rest in InvalidParameters (SSM API reference)', async () => {
    twin.parameters.put({ name: '/app/one', value: 'v1' });
    const answer = await ssm.send(new GetParametersCommand({ Names: ['/app/one', '/app/missing'] }));
    expect(answer.Parameters?.map((p) => [p.Name, p.Value, p.Type, p.Version])).toEqual([['/app/one', 'v1', 'String', 1]]);
    expect(answer.InvalidParameters).toEqual(['/app/missing']);
  });

  it('a SecureString is decrypted only WithDecryption; GetParameter on a missing name is ParameterNotFound', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/app/secret', Value: 'top-secret-value', Type: 'SecureString' }));
    const hidden = await ssm.send(new GetParametersCommand({ Names: ['/app/secret'] }));
    expect(hidden.Parameters?.[0]?.Value).not.toContain('top-secret');
    const shown = await ssm.send(new GetParametersCommand({ Names: ['/app/secret'], WithDecryption: true }));
    expect(shown.Parameters?.[0]).toMatchObject({ Value: 'top-secret-value', Type: 'SecureString', ARN: `arn:aws:ssm:${twin.region}:000000000000:parameter/app/secret` });
    await expect(ssm.send(new GetParameterCommand({ Name: '/app/none' }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
    await expect(ssm.send(new PutParameterCommand({ Name: '/app/secret', Value: 'x', Type: 'SecureString' }))).rejects.toMatchObject({ name: 'ParameterAlreadyExists' });
  });

  it('names under the reserved /aws and /ssm prefixes are refused; faults apply by operation name (ThrottlingException, SSM\'s own)', async () => {
    expect(() => twin.parameters.put({ name: '/aws/x', value: 'v' })).toThrow(/not valid/);
    twin.faults.add({ operation: 'GetParameters', kind: 'throttle', times: 1 });
    await expect(ssm.send(new GetParametersCommand({ Names: ['/app/one'] }))).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(twin.requests.entries.at(-1)).toMatchObject({ operation: 'AmazonSSM.GetParameters', status: 400, fault: 'throttle' });
  });

  it("requests are validated against SSM's model (ParameterNameList 1-10, ParameterType enum) and answered with its ValidationException", async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `/app/n${i}`);
    await expect(ssm.send(new GetParametersCommand({ Names: eleven }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("at 'names' failed to satisfy constraint: Member must have length less than or equal to 10"),
    });
    await expect(ssm.send(new PutParameterCommand({ Name: '/app/typed', Value: 'v', Type: 'Plain' as never }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Member must satisfy enum value set: [String, StringList, SecureString]'),
    });
  });

  it("an internal error is SSM's InternalServerError, HTTP 500 (a fault shape in SSM's model)", async () => {
    twin.faults.add({ operation: 'GetParameter', kind: 'internal_error', times: 1 });
    await expect(ssm.send(new GetParameterCommand({ Name: '/app/one' }))).rejects.toMatchObject({ name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
  });
});
