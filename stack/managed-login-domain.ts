import { Construct } from 'constructs';
import { readableAddressMovedFromHashed } from './addresses';
import { CognitoManagedLoginBranding, CognitoUserPoolDomain, type CognitoUserPool, type CognitoUserPoolClient } from './cdktf';

export interface ManagedLoginDomainProps {
  /** The pool: its id, and its ARN, whose fourth field is the region in every provider version. */
  readonly pool: CognitoUserPool;
  /** The `domain_prefix` variable: "" creates nothing. */
  readonly domainPrefix: string;
  /** 1 when `domain_prefix` is set, else 0. */
  readonly count: number;
  readonly clients: ReadonlyMap<string, CognitoUserPoolClient>;
  /** Managed login version 2 with a branding style per client: needs hashicorp/aws 6.x (AWS6_ONLY_FEATURES). */
  readonly managedLoginV2: boolean;
}

/**
 * The optional managed-login domain (<prefix>.auth.<region>.amazoncognito.com), switched by the
 * `domain_prefix` variable through `count`, so an environment turns it on in its tfvars without a
 * new synth. Managed login (version 2) renders a client's pages only once the client has a
 * branding style, and the resource that assigns one (aws_cognito_managed_login_branding) exists
 * only in hashicorp/aws 6.x. So version 2 comes with `aws6Features`; without it the domain serves
 * the classic hosted UI (version 1), which needs no style and works with 5.x and 6.x alike.
 */
export class ManagedLoginDomain extends Construct {
  readonly domain: CognitoUserPoolDomain;
  readonly brandings: CognitoManagedLoginBranding[] = [];
  /** Terraform expression: the domain's host name, or null when no domain is configured. */
  readonly hostName: string;

  constructor(scope: Construct, id: string, props: ManagedLoginDomainProps) {
    super(scope, id);
    const count = props.count;
    this.domain = new CognitoUserPoolDomain(this, 'domain', {
      count,
      domain: props.domainPrefix,
      userPoolId: props.pool.id,
      managedLoginVersion: props.managedLoginV2 ? 2 : 1,
    });
    readableAddressMovedFromHashed(this.domain, 'managed_login');
    if (props.managedLoginV2) {
      for (const [name, client] of props.clients) {
        const branding = new CognitoManagedLoginBranding(this, `branding-${name}`, {
          count,
          userPoolId: props.pool.id,
          clientId: client.id,
          useCognitoProvidedValues: true,
          dependsOn: [this.domain],
        });
        readableAddressMovedFromHashed(branding, name);
        this.brandings.push(branding);
      }
    }
    // A counted resource is a list: one() yields its single element's value, or null. The region
    // comes from the pool's ARN: the resources' own `region` attribute exists only in 6.x.
    const region = `element(split(":", ${props.pool.fqn}.arn), 3)`;
    this.hostName = `\${one([for d in ${this.domain.fqn} : format("%s.auth.%s.amazoncognito.com", d.domain, ${region})])}`;
  }
}
