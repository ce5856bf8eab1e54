output "repository_urls" {
  value = { for k, r in aws_ecr_repository.this : k => r.repository_url }
}

output "repository_arns" {
  value = [for r in aws_ecr_repository.this : r.arn]
}

output "cloudfront_domain_name" {
  value = aws_cloudfront_distribution.static_site.domain_name
}

output "cloudfront_distribution_id" {
  value = aws_cloudfront_distribution.static_site.id
}

output "ecr_kms_key_arn" {
  value = one(aws_kms_key.ecr[*].arn)
}
