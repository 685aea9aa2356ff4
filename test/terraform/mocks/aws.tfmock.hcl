# Values the mocked AWS provider returns for computed attributes. terraform test invents random
# strings otherwise, and the provider validates ARN-shaped arguments (role, source_arn) on apply.
mock_resource "aws_cognito_user_pool" {
  defaults = {
    id       = "eu-west-1_Mock0Pool"
    arn      = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Mock0Pool"
    endpoint = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Mock0Pool"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:mock-link-policy-trigger"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mock-link-policy-trigger"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/mock-link-policy-trigger"
  }
}

mock_data "aws_secretsmanager_secret_version" {
  defaults = {
    secret_string = "{\"client_secret\":\"mock-secret\"}"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
  }
}
