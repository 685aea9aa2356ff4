# terraform test for examples/production: a root configuration with an S3 backend, an account
# allow-list and default tags, calling the module synthesized from policies/.

mock_provider "aws" {
  source = "./mocks"
}

variables {
  region                    = "eu-west-1"
  account_id                = "123456789012"
  google_client_secret      = "terraform-test-google-secret"
  globex_okta_client_secret = "terraform-test-okta-secret"
  acme_entra_metadata_url   = "https://login.microsoftonline.com/example-tenant/federationmetadata/2007-06/federationmetadata.xml?appid=example"
  app_url                   = "https://app.example.com"
}

run "apply_through_the_module" {
  module {
    source = "./production"
  }

  assert {
    condition     = keys(output.client_ids) == ["password", "web"] && output.sign_in_domain == "acme-prod-sign-in.auth.eu-west-1.amazoncognito.com"
    error_message = "The module's outputs reach the caller."
  }
  assert {
    condition     = module.link_policy.identity_providers == ["AcmeEntraID", "GlobexOkta", "Google"]
    error_message = "Every identity provider of the example policies is created."
  }
}
