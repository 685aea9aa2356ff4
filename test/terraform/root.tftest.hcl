# terraform test for what only the root output has: the provider's inputs. Runs after
# stack.tftest.hcl, against the root output of the example policies, with the provider mocked.

mock_provider "aws" {
  source = "./mocks"
}

variables {
  region                 = "eu-west-1"
  google_client_secret      = "terraform-test-google-secret"
  globex_okta_client_secret = "terraform-test-okta-secret"
  acme_entra_metadata_url   = "https://login.microsoftonline.com/example-tenant/federationmetadata/2007-06/federationmetadata.xml?appid=example"
  web_callback_urls      = ["https://app.example.com/auth/callback"]
  password_callback_urls = ["https://app.example.com/auth/callback"]
}

run "refuses_invalid_provider_inputs" {
  command = plan
  module {
    source = "./root"
  }
  variables {
    region              = "Ireland"
    allowed_account_ids = ["1234"]
  }
  expect_failures = [var.region, var.allowed_account_ids]
}
