output "cluster_name" {
  value = module.eks.cluster_name
}

output "irsa_role_arns" {
  description = "eks.amazonaws.com/role-arn annotations for the api and screening ServiceAccounts."
  value       = module.iam.irsa_role_arns
}

output "github_ecr_push_role_arn" {
  value = module.iam.github_ecr_push_role_arn
}

output "ecr_repository_urls" {
  value = module.delivery.repository_urls
}

output "ssm_parameter_prefix" {
  value = module.secrets.parameter_prefix
}

output "redis_primary_endpoint" {
  value = module.data.redis_primary_endpoint
}

output "exports_bucket" {
  value = module.data.exports_bucket
}

output "cloudfront_domain_name" {
  value = module.delivery.cloudfront_domain_name
}
