# A sandbox that applies in an empty AWS account with nothing created beforehand: the link-policy
# pool (the module synthesized from ./policies), and a second Cognito user pool, "the partner",
# that plays the federated tenant's OIDC identity provider. Both come from this one apply, with a
# few users to try linking and blocking in a browser (README.md beside this file).
#
#   npm run synth -- --module --allow-destroy --policies examples/sandbox/policies --outdir examples/sandbox/build
#   terraform -chdir=examples/sandbox init
#   terraform -chdir=examples/sandbox apply -var region=eu-west-1 -var sandbox_password='<a password>'

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.100.0, < 7.0.0" }
  }
}

variable "region" {
  type        = string
  description = "AWS region of the sandbox (e.g. eu-west-1)."
}

variable "sandbox_password" {
  type        = string
  sensitive   = true
  description = "Password of every sandbox user, in both pools: at least 12 characters with lower and upper case, a digit and a symbol."
}

variable "callback_url" {
  type        = string
  default     = "http://localhost:8080/callback"
  description = "Where sign-in returns. Nothing needs to listen there: the browser's address bar shows ?code=... or the refusal."
}

provider "aws" {
  region = var.region
  default_tags {
    tags = { managed-by = "cognito-link-policy-sandbox" }
  }
}

data "aws_caller_identity" "current" {}

locals {
  # Prefix domains are unique per region across all accounts: the account id keeps them free.
  domain_prefix  = "lp-sbx-${data.aws_caller_identity.current.account_id}"
  partner_domain = "lp-sbx-${data.aws_caller_identity.current.account_id}-partner"
  sign_in_query  = "response_type=code&scope=openid+email+profile&redirect_uri=${urlencode(var.callback_url)}"
}

# --- The partner's directory: a Cognito user pool acting as the tenant's OIDC identity provider ---

resource "aws_cognito_user_pool" "partner" {
  name                     = "lp-sandbox-partner-idp"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  user_pool_tier           = "ESSENTIALS"
  deletion_protection      = "INACTIVE"
  password_policy {
    minimum_length = 12
  }
}

# Its domain hosts the authorize and token endpoints its OIDC discovery document names.
resource "aws_cognito_user_pool_domain" "partner" {
  domain       = local.partner_domain
  user_pool_id = aws_cognito_user_pool.partner.id
}

resource "aws_cognito_user_pool_client" "partner" {
  name                                 = "link-policy-sandbox"
  user_pool_id                         = aws_cognito_user_pool.partner.id
  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile"]
  supported_identity_providers         = ["COGNITO"]
  explicit_auth_flows                  = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]
  # Cognito's federation endpoint on the link-policy pool's domain.
  callback_urls = ["https://${local.domain_prefix}.auth.${var.region}.amazoncognito.com/oauth2/idpresponse"]
}

resource "aws_cognito_user" "partner" {
  for_each     = toset(["alice@partner.example", "carol@partner.example"])
  user_pool_id = aws_cognito_user_pool.partner.id
  username     = each.key
  password     = var.sandbox_password
  attributes = {
    email          = each.key
    email_verified = "true"
  }
}

# --- The link-policy pool ---

module "link_policy" {
  source = "./build/stacks/cognito-link-policy-module"

  name_prefix            = "lp-sandbox"
  domain_prefix          = local.domain_prefix
  # The log hash key is read from /cognito-link-policy/lp-sandbox/log-hash-key, created below.
  web_callback_urls      = [var.callback_url]
  password_callback_urls = [var.callback_url]
  tags                   = { managed-by = "cognito-link-policy-sandbox" }

  # The policy's connection values (policies/partner.yaml names these variables).
  partner_issuer        = "https://${aws_cognito_user_pool.partner.endpoint}"
  partner_client_id     = aws_cognito_user_pool_client.partner.id
  partner_client_secret = aws_cognito_user_pool_client.partner.client_secret

  # Cognito reads the partner's discovery document when it creates the identity provider, and
  # that document names endpoints on the partner's domain: create the domain first.
  depends_on = [aws_cognito_user_pool_domain.partner]
}

# Native accounts in the link-policy pool. alice also exists at the partner: her first sign-in
# through PartnerPool links to this account, after which her password is refused. bob has no
# partner account and keeps signing in with his password. Created after the whole module, so the
# trigger (which AdminCreateUser invokes) is wired and allowed to run.
resource "aws_cognito_user" "native" {
  for_each     = { alice = "alice@partner.example", bob = "bob@partner.example" }
  user_pool_id = module.link_policy.user_pool_id
  username     = each.key
  password     = var.sandbox_password
  attributes = {
    email          = each.value
    email_verified = "true"
  }
  depends_on = [module.link_policy]
}

output "sign_in_with_sso" {
  description = "Open in a browser, choose PartnerPool, sign in as alice@partner.example or carol@partner.example."
  value       = "https://${module.link_policy.managed_login_domain}/login?client_id=${module.link_policy.client_ids["web"]}&${local.sign_in_query}"
}

output "sign_in_with_password" {
  description = "Open in a browser, sign in as alice or bob (username or email) with the sandbox password."
  value       = "https://${module.link_policy.managed_login_domain}/login?client_id=${module.link_policy.client_ids["password"]}&${local.sign_in_query}"
}

output "user_pool_id" {
  value = module.link_policy.user_pool_id
}

output "partner_user_pool_id" {
  value = aws_cognito_user_pool.partner.id
}

# A sandbox creates its own log hash key (a real deployment's operator creates it outside
# Terraform, so the key is in no state: docs/stack.md). The trigger reads it once per container.
resource "aws_ssm_parameter" "log_hash_key" {
  name  = "/cognito-link-policy/lp-sandbox/log-hash-key"
  type  = "SecureString"
  value = sha256("lp-sandbox-${data.aws_caller_identity.current.account_id}")
}
