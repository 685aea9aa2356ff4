# terraform test for what `npm run synth` writes from policies/ (the example policies), with the AWS
# provider mocked: a plan, a mocked apply, and the inputs the configuration must refuse.
# test/terraform/terraform.test.ts runs this file twice, against the root output and against the
# module output ("./stack" below becomes "./root" or "./module"), after `terraform validate`.
#
# The assertions are written over whole lists (every IAM statement, every trigger in lambda_config,
# every client) so that resources and statements added to the stack later are checked too.

mock_provider "aws" {
  source = "./mocks"
}

variables {
  region                 = "eu-west-1"
  google_client_secret      = "terraform-test-google-secret"
  globex_okta_client_secret = "terraform-test-okta-secret"
  acme_entra_metadata_url   = "https://login.microsoftonline.com/example-tenant/federationmetadata/2007-06/federationmetadata.xml?appid=example"
  web_callback_urls      = ["https://app.example.com/auth/callback"]
  password_callback_urls = ["https://app.example.com/auth/callback", "http://localhost:3000/callback"]
}

run "plan_protects_the_pool" {
  command = plan
  module {
    source = "./stack"
  }

  assert {
    condition     = aws_cognito_user_pool.pool.deletion_protection == "ACTIVE"
    error_message = "The pool must refuse DeleteUserPool (deletion_protection ACTIVE)."
  }
  assert {
    condition     = aws_cognito_user_pool.pool.username_configuration[0].case_sensitive == false
    error_message = "Usernames must compare case-insensitively (fixed for the pool's life)."
  }
  assert {
    condition     = alltrue([for attribute in aws_cognito_user_pool.pool.schema : attribute.mutable && !attribute.required])
    error_message = "Every custom attribute must be mutable and optional (Cognito rewrites mapped attributes at each sign-in)."
  }
  assert {
    condition     = aws_cognito_user_pool.pool.password_policy[0].minimum_length >= 12
    error_message = "Native passwords need at least 12 characters."
  }
  assert {
    condition     = aws_cognito_user_pool.pool.user_pool_tier == "ESSENTIALS"
    error_message = "The feature plan is stated, not left to the API default."
  }
  assert {
    condition     = length(aws_cognito_user_pool_domain.managed_login) == 0 && output.managed_login_domain == null
    error_message = "No managed-login domain without domain_prefix."
  }
}

run "plan_offers_exactly_the_intended_sign_in_paths" {
  command = plan
  module {
    source = "./stack"
  }

  assert {
    condition = alltrue([
      for client in [aws_cognito_user_pool_client.web, aws_cognito_user_pool_client.password] :
      !contains(client.explicit_auth_flows, "ALLOW_USER_AUTH") && !contains(client.explicit_auth_flows, "ALLOW_CUSTOM_AUTH")
    ])
    error_message = "No client may offer ALLOW_USER_AUTH or ALLOW_CUSTOM_AUTH: either allows password sign-in."
  }
  assert {
    condition     = !contains(aws_cognito_user_pool_client.web.supported_identity_providers, "COGNITO") && toset(aws_cognito_user_pool_client.web.explicit_auth_flows) == toset(["ALLOW_REFRESH_TOKEN_AUTH"])
    error_message = "The SSO client offers identity providers only, no password flow."
  }
  assert {
    condition     = toset(aws_cognito_user_pool_client.web.supported_identity_providers) == toset(["AcmeEntraID", "GlobexOkta", "Google"])
    error_message = "The SSO client offers every identity provider the stack creates."
  }
  assert {
    condition     = toset(aws_cognito_user_pool_client.password.supported_identity_providers) == toset(["COGNITO"])
    error_message = "The password client offers the user directory only."
  }
  assert {
    condition     = alltrue([for idp in [aws_cognito_identity_provider.acmeentraid, aws_cognito_identity_provider.globexokta, aws_cognito_identity_provider.google] : idp.attribute_mapping["email"] != null])
    error_message = "Every identity provider maps email (linking matches on it)."
  }
  assert {
    condition     = aws_cognito_identity_provider.globexokta.attribute_mapping["username"] == "sub" && aws_cognito_identity_provider.google.attribute_mapping["username"] == "sub" && !contains(keys(aws_cognito_identity_provider.acmeentraid.attribute_mapping), "username")
    error_message = "OIDC and social providers state the username mapping Cognito adds (no drift); SAML has none."
  }
  assert {
    condition     = aws_cognito_identity_provider.acmeentraid.provider_details["MetadataURL"] == var.acme_entra_metadata_url && aws_cognito_identity_provider.globexokta.provider_details["client_secret"] == var.globex_okta_client_secret
    error_message = "Connection values and secrets come from the variables the policies name."
  }
}

run "plan_builds_the_trigger_from_the_shipped_artifact" {
  command = plan
  module {
    source = "./stack"
  }

  assert {
    condition     = aws_lambda_function.trigger.runtime == "nodejs22.x" && aws_lambda_function.trigger.timeout <= 5
    error_message = "The trigger runs on nodejs22.x and never outlives Cognito's 5-second wait."
  }
  assert {
    condition     = fileexists(aws_lambda_function.trigger.filename) && aws_lambda_function.trigger.source_code_hash != ""
    error_message = "The function's zip must exist where filename points, with a source_code_hash."
  }
  assert {
    condition     = aws_cloudwatch_log_group.trigger.name == "/aws/lambda/${aws_lambda_function.trigger.function_name}"
    error_message = "The trigger logs into its own managed log group."
  }
}

run "apply_wires_the_trigger_with_least_privilege" {
  module {
    source = "./stack"
  }

  # Every trigger Cognito invokes is this one function, and both linking triggers are set.
  # (pre_token_generation is left out: it mirrors pre_token_generation_config, checked below, and
  # the mock fills it with a random string.)
  assert {
    condition = alltrue(concat(
      [
        for name, value in aws_cognito_user_pool.pool.lambda_config[0] : value == aws_lambda_function.trigger.arn
        if value != null && contains([
          "create_auth_challenge", "custom_message", "define_auth_challenge", "post_authentication", "post_confirmation",
          "pre_authentication", "pre_sign_up", "user_migration", "verify_auth_challenge_response",
        ], name)
      ],
      [
        for sender in concat(
          aws_cognito_user_pool.pool.lambda_config[0].pre_token_generation_config,
          aws_cognito_user_pool.pool.lambda_config[0].custom_email_sender,
          aws_cognito_user_pool.pool.lambda_config[0].custom_sms_sender,
        ) : sender.lambda_arn == aws_lambda_function.trigger.arn
      ],
    ))
    error_message = "Every trigger in lambda_config must be the link-policy function: ${jsonencode(aws_cognito_user_pool.pool.lambda_config)}"
  }
  assert {
    condition     = aws_cognito_user_pool.pool.lambda_config[0].pre_sign_up == aws_lambda_function.trigger.arn && aws_cognito_user_pool.pool.lambda_config[0].pre_authentication == aws_lambda_function.trigger.arn
    error_message = "Pre sign-up and pre authentication must invoke the function."
  }
  assert {
    condition = (
      aws_lambda_permission.cognito_invoke.principal == "cognito-idp.amazonaws.com" &&
      aws_lambda_permission.cognito_invoke.source_arn == aws_cognito_user_pool.pool.arn &&
      aws_lambda_permission.cognito_invoke.function_name == aws_lambda_function.trigger.function_name
    )
    error_message = "Only this pool may invoke the function."
  }
  assert {
    condition = alltrue([
      for statement in jsondecode(aws_iam_role_policy.trigger.policy).Statement :
      statement.Effect == "Allow" &&
      !anytrue([for action in flatten([statement.Action]) : strcontains(action, "*")]) &&
      !anytrue([for resource in flatten([statement.Resource]) : resource == "*"])
    ])
    error_message = "No wildcard action and no \"*\" resource in the trigger's policy."
  }
  assert {
    condition = alltrue(flatten([
      for statement in jsondecode(aws_iam_role_policy.trigger.policy).Statement : [
        for resource in flatten([statement.Resource]) : resource == aws_cognito_user_pool.pool.arn
      ] if anytrue([for action in flatten([statement.Action]) : startswith(action, "cognito-idp:")])
    ]))
    error_message = "Cognito actions are granted on this pool only."
  }
  assert {
    condition     = !strcontains(aws_iam_role_policy.trigger.policy, "AdminDisableProviderForUser")
    error_message = "AdminDisableProviderForUser is never granted."
  }
  assert {
    condition     = jsondecode(aws_iam_role.trigger.assume_role_policy).Statement[0].Principal == { Service = "lambda.amazonaws.com" }
    error_message = "Only Lambda may assume the trigger's role."
  }
  assert {
    condition     = aws_lambda_function.trigger.role == aws_iam_role.trigger.arn
    error_message = "The function runs with its own role."
  }
  assert {
    condition = (
      output.user_pool_arn == aws_cognito_user_pool.pool.arn &&
      output.issuer_url == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Mock0Pool" &&
      output.client_ids == { web = aws_cognito_user_pool_client.web.id, password = aws_cognito_user_pool_client.password.id } &&
      output.trigger_role_arn == aws_iam_role.trigger.arn &&
      output.trigger_log_group_name == aws_cloudwatch_log_group.trigger.name
    )
    error_message = "The outputs name the pool, its issuer, the clients, the role and the log group."
  }
}

run "apply_with_a_managed_login_domain" {
  module {
    source = "./stack"
  }
  variables {
    domain_prefix = "acme-sign-in"
  }

  assert {
    condition     = length(aws_cognito_user_pool_domain.managed_login) == 1 && output.managed_login_domain == "acme-sign-in.auth.eu-west-1.amazoncognito.com"
    error_message = "domain_prefix creates the domain; its host name carries the pool's region."
  }
}

run "refuses_invalid_inputs" {
  command = plan
  module {
    source = "./stack"
  }
  variables {
    log_hash_key_parameter = "no-leading-slash"
    domain_prefix          = "Not_A_Prefix"
    name_prefix            = "9starts-with-a-digit"
    log_retention_days     = 42
    web_callback_urls      = ["http://app.example.com/callback"]
    password_callback_urls = []
    user_pool_tier         = "FREE"
    acme_entra_metadata_url = "http://insecure.example/metadata.xml"
  }
  expect_failures = [
    var.user_pool_tier,
    var.acme_entra_metadata_url,
    var.log_hash_key_parameter,
    var.domain_prefix,
    var.name_prefix,
    var.log_retention_days,
    var.web_callback_urls,
    var.password_callback_urls,
  ]
}

run "refuses_a_reserved_word_in_the_domain_prefix" {
  command = plan
  module {
    source = "./stack"
  }
  variables {
    domain_prefix = "acme-cognito-login"
  }
  expect_failures = [var.domain_prefix]
}

run "refuses_a_from_address_without_ses" {
  command = plan
  module {
    source = "./stack"
  }
  variables {
    email_from_address = "Acme <no-reply@acme.com>"
  }
  expect_failures = [aws_cognito_user_pool.pool]
}
