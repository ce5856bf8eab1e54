variable "environment" {
  description = "dev or prod (namespace openkyb-<environment>, SSM path /openkyb/<environment>/*)."
  type        = string
}

variable "service_accounts" {
  description = "Kubernetes ServiceAccounts that get an IRSA role."
  type        = list(string)
  default     = ["api", "screening"]
}

variable "external_secrets_role" {
  description = "Create the IRSA role external-secrets-<environment> for the External Secrets controller."
  type        = bool
  default     = true
}

variable "oidc_provider_arn" {
  description = "EKS OIDC provider ARN."
  type        = string
}

variable "oidc_issuer_url" {
  description = "EKS OIDC issuer URL."
  type        = string
}

variable "ssm_kms_key_arn" {
  type = string
}

variable "create_github_role" {
  description = "Create the GitHub Actions ECR push role (only where the ECR repositories live)."
  type        = bool
  default     = true
}

variable "create_github_oidc_provider" {
  description = "The GitHub OIDC provider is account-wide: create it in one environment only."
  type        = bool
  default     = true
}

variable "github_repository" {
  description = "owner/name of the GitHub repository allowed to push images."
  type        = string
  default     = null
}

variable "ecr_repository_arns" {
  type    = list(string)
  default = []
}

variable "ecr_kms_key_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
