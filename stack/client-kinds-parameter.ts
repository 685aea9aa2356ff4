import { Construct } from 'constructs';
import { clientKindsDocument } from '../lambda/runtime/configuration';
import { readableAddress } from './addresses';
import { SsmParameter, type CognitoUserPoolClient } from './cdktf';

export interface ClientKindsParameterProps {
  /** Expression: the parameter's name, which the function also knows (StackVariables.clientKindsParameter). */
  readonly name: string;
  /** The clients this stack creates, with the exact providers and flows each was given. */
  readonly clients: readonly { readonly resource: CognitoUserPoolClient; readonly supportedIdentityProviders: readonly string[]; readonly explicitAuthFlows: readonly string[] }[];
  /** The policy digest compiled into the function: a map written for another digest is not used. */
  readonly policyDigest: string;
  readonly tags: Record<string, string>;
}

/**
 * "App client id -> sign-in kind" for the trigger's pre authentication, written after the clients
 * exist. The function reads it by name once per container (lambda/runtime/configuration.ts) and
 * so never needs DescribeUserPoolClient for these clients. Nothing in the function refers to this
 * resource (the name comes from name_prefix), so there is no function -> client -> pool cycle.
 */
export class ClientKindsParameter extends Construct {
  readonly parameter: SsmParameter;

  constructor(scope: Construct, id: string, props: ClientKindsParameterProps) {
    super(scope, id);
    const document = clientKindsDocument(
      props.clients.map((client) => ({ id: client.resource.id, supportedIdentityProviders: client.supportedIdentityProviders, explicitAuthFlows: client.explicitAuthFlows })),
      props.policyDigest,
    );
    this.parameter = new SsmParameter(this, 'parameter', {
      name: props.name,
      description: "cognito-link-policy: the app clients' sign-in kinds, read by the trigger's pre authentication.",
      type: 'String',
      tier: 'Standard',
      // Client ids are not secret: shown in plans, so a reviewer sees what the trigger will read.
      insecureValue: JSON.stringify(document),
      tags: props.tags,
    });
    readableAddress(this.parameter, 'client_kinds');
  }
}
