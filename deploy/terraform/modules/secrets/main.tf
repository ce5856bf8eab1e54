data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  prefix = "/openkyb/${var.environment}"
}

resource "aws_kms_key" "ssm" {
  description             = "openkyb-${var.environment} SSM SecureString parameters"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdmin"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })

  tags = var.tags
}

resource "aws_kms_alias" "ssm" {
  name          = "alias/openkyb-${var.environment}-ssm"
  target_key_id = aws_kms_key.ssm.key_id
}

resource "random_password" "db" {
  length  = 40
  special = false
}

resource "random_password" "screening_token" {
  length  = 48
  special = false
}

resource "random_password" "redis_auth" {
  # ElastiCache AUTH: 16-128 printable characters, no @ " /.
  length  = 64
  special = false
}

resource "aws_ssm_parameter" "redis_auth" {
  name        = "${local.prefix}/redis_auth"
  description = "Redis AUTH token (ElastiCache, in-transit encryption)"
  type        = "SecureString"
  key_id      = aws_kms_key.ssm.arn
  value       = random_password.redis_auth.result

  tags = var.tags
}

resource "aws_ssm_parameter" "screening_token" {
  name        = "${local.prefix}/screening_token"
  description = "Bearer token between the api and screening services (OPENKYB_SCREENING_TOKEN)"
  type        = "SecureString"
  key_id      = aws_kms_key.ssm.arn
  value       = random_password.screening_token.result

  tags = var.tags
}

resource "aws_ssm_parameter" "database_url" {
  name        = "${local.prefix}/database_url"
  description = "OPENKYB_DATABASE_URL (TLS required)"
  type        = "SecureString"
  key_id      = aws_kms_key.ssm.arn
  value       = "postgresql+psycopg://${var.db_username}:${random_password.db.result}@${var.db_address}:${var.db_port}/${var.db_name}?sslmode=require"

  tags = var.tags
}

resource "random_password" "metrics_token" {
  length  = 48
  special = false
}

resource "aws_ssm_parameter" "metrics_token" {
  name        = "${local.prefix}/metrics_token"
  description = "Bearer token Prometheus sends to scrape /metrics (OPENKYB_METRICS_TOKEN)"
  type        = "SecureString"
  key_id      = aws_kms_key.ssm.arn
  value       = random_password.metrics_token.result

  tags = var.tags
}

resource "aws_ssm_parameter" "redis_url" {
  name        = "${local.prefix}/redis_url"
  description = "OPENKYB_REDIS_URL: shared rate limits (TLS and AUTH, ElastiCache)"
  type        = "SecureString"
  key_id      = aws_kms_key.ssm.arn
  value       = "rediss://:${random_password.redis_auth.result}@${var.redis_address}:${var.redis_port}/0"

  tags = var.tags
}
