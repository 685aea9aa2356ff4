import { Construct } from 'constructs';
import { CognitoManagedLoginBranding, CognitoUserPoolDomain, type CognitoUserPoolClient } from './cdktf';

export interface ManagedLoginDomainProps {
  readonly userPoolId: string;
  /** The `domain_prefix` variable: "" creates nothing. */
  readonly domainPrefix: string;
  /** 1 when `domain_prefix` is set, else 0. */
  readonly count: number;
  readonly clients: ReadonlyMap<string, CognitoUserPoolClient>;
}

/**
 * The optional managed-login domain (<prefix>.auth.<region>.amazoncognito.com), switched by the
 * `domain_prefix` variable through `count`, so an environment turns it on in its tfvars without a
 * new synth. Managed login (version 2) renders a client's pages only once the client has a
 * branding style, so each client gets Cognito's default style with the domain.
 */
export class ManagedLoginDomain extends Construct {
  readonly domain: CognitoUserPoolDomain;
  /** Terraform expression: the domain's host name, or null when no domain is configured. */
  readonly hostName: string;

  constructor(scope: Construct, id: string, props: ManagedLoginDomainProps) {
    super(scope, id);
    const count = props.count;
    this.domain = new CognitoUserPoolDomain(this, 'domain', {
      count,
      domain: props.domainPrefix,
      userPoolId: props.userPoolId,
      managedLoginVersion: 2,
    });
    for (const [name, client] of props.clients) {
      new CognitoManagedLoginBranding(this, `branding-${name}`, {
        count,
        userPoolId: props.userPoolId,
        clientId: client.id,
        useCognitoProvidedValues: true,
        dependsOn: [this.domain],
      });
    }
    // A counted resource is a list: one() yields its single element's value, or null.
    this.hostName = `\${one([for d in ${this.domain.fqn} : format("%s.auth.%s.amazoncognito.com", d.domain, d.region)])}`;
  }
}
