# A production root configuration that calls the module synthesized from the repository's
# policies/, with state in S3, an account allow-list and default tags on the provider.
#
#   npm run synth -- --module --outdir examples/production/build
#   terraform -chdir=examples/production init -backend-config=$PWD/examples/production/prod.s3.tfbackend
#   terraform -chdir=examples/production plan -var-file=$PWD/env/prod.tfvars -out=plan
#   terraform -chdir=examples/production apply plan

terraform {
  required_version = ">= 1.10.0" # S3 native state locking (use_lockfile)
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.100.0, < 7.0.0" }
  }
  # Partial configuration: bucket, key, region and locking come from prod.s3.tfbackend.
  backend "s3" {}
}

variable "region" {
  type = string
}

variable "account_id" {
  type        = string
  description = "The only AWS account this configuration may be applied to."
}

variable "google_client_secret" {
  type      = string
  sensitive = true
}

variable "globex_okta_client_secret" {
  type      = string
  sensitive = true
}

variable "acme_entra_metadata_url" {
  type        = string
  description = "Federation metadata URL of Acme's Entra ID enterprise application."
}

variable "app_url" {
  type        = string
  description = "Base URL of the application, e.g. https://app.example.com"
}

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]
  default_tags {
    tags = { managed-by = "cognito-link-policy", environment = "prod" }
  }
}

module "link_policy" {
  source = "./build/stacks/cognito-link-policy-module"

  name_prefix               = "acme-prod"
  domain_prefix             = "acme-prod-sign-in"
  # The log hash key: a SecureString the operator created at /cognito-link-policy/acme-prod/log-hash-key.
  google_client_secret      = var.google_client_secret
  globex_okta_client_secret = var.globex_okta_client_secret
  acme_entra_metadata_url   = var.acme_entra_metadata_url
  web_callback_urls         = ["${var.app_url}/auth/callback"]
  web_logout_urls           = ["${var.app_url}/"]
  password_callback_urls    = ["${var.app_url}/auth/callback"]
}

output "user_pool_id" {
  value = module.link_policy.user_pool_id
}

output "issuer_url" {
  value = module.link_policy.issuer_url
}

output "client_ids" {
  value = module.link_policy.client_ids
}

output "sign_in_domain" {
  value = module.link_policy.managed_login_domain
}
