variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "github_repository" {
  description = "owner/name of the GitHub repository (OIDC trust for build-push.yml)."
  type        = string
  default     = "openkyb/openkyb"
}

variable "eks_public_access_cidrs" {
  description = "CIDRs allowed to reach the EKS public endpoint (office VPN, operators). Never 0.0.0.0/0."
  type        = list(string)
}

variable "static_site_certificate_arn" {
  description = "ACM certificate (us-east-1) for the static-site domain."
  type        = string
}

variable "static_site_aliases" {
  type    = list(string)
  default = []
}

variable "web_acl_arn" {
  description = "WAFv2 web ACL (CLOUDFRONT scope) for the static site, or null."
  type        = string
  default     = null
}
