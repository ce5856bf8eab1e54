output "kms_key_arn" {
  value = aws_kms_key.ssm.arn
}

output "parameter_prefix" {
  value = local.prefix
}

output "db_password" {
  value     = random_password.db.result
  sensitive = true
}

output "redis_auth_parameter_name" {
  value = aws_ssm_parameter.redis_auth.name
}

output "parameter_arns" {
  value = [
    aws_ssm_parameter.database_url.arn,
    aws_ssm_parameter.screening_token.arn,
    aws_ssm_parameter.redis_auth.arn,
    aws_ssm_parameter.redis_url.arn,
    aws_ssm_parameter.metrics_token.arn,
  ]
}
