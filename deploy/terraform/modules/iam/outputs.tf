output "irsa_role_arns" {
  description = "eks.amazonaws.com/role-arn annotations: api, screening (openkyb-<env>) and external-secrets."
  value       = { for k, r in aws_iam_role.irsa : k => r.arn }
}

output "github_ecr_push_role_arn" {
  description = "Set as the AWS_ROLE_ARN repository variable for build-push.yml."
  value       = one(aws_iam_role.github_ecr_push[*].arn)
}
