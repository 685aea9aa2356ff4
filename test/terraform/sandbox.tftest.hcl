# terraform test for examples/sandbox: the sandbox's own resources (the partner pool acting as the
# tenant's OIDC provider, its client and users) and the module synthesized from
# examples/sandbox/policies with --allow-destroy, planned and applied with the provider mocked.
# Its teardown must succeed: --allow-destroy lifts every prevent_destroy.

mock_provider "aws" {
  source = "./mocks"
}

variables {
  region           = "eu-west-1"
  sandbox_password = "Sandbox-Passw0rd!"
}

run "apply_creates_the_partner_and_the_pool_in_one_go" {
  module {
    source = "./sandbox"
  }

  assert {
    condition     = aws_cognito_user_pool_client.partner.callback_urls == toset(["https://lp-sbx-123456789012.auth.eu-west-1.amazoncognito.com/oauth2/idpresponse"])
    error_message = "The partner sends users back to the link-policy pool's federation endpoint."
  }
  assert {
    condition     = module.link_policy.identity_providers == ["PartnerPool"]
    error_message = "The module creates the partner's identity provider."
  }
  assert {
    condition     = module.link_policy.managed_login_domain == "lp-sbx-123456789012.auth.eu-west-1.amazoncognito.com"
    error_message = "The pool's sign-in domain is on."
  }
  assert {
    condition     = startswith(output.sign_in_with_sso, "https://lp-sbx-123456789012.auth.eu-west-1.amazoncognito.com/login?client_id=${module.link_policy.client_ids["web"]}&")
    error_message = "The SSO sign-in URL names the web client."
  }
  assert {
    condition     = toset(keys(aws_cognito_user.native)) == toset(["alice", "bob"]) && toset(keys(aws_cognito_user.partner)) == toset(["alice@partner.example", "carol@partner.example"])
    error_message = "The users to try linking and blocking with exist in both pools."
  }
}
