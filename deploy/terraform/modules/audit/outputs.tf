output "kms_key_arn" {
  description = "KMS key for CloudWatch log groups of this environment."
  value       = aws_kms_key.audit.arn
}

output "trail_arn" {
  value = aws_cloudtrail.this.arn
}
