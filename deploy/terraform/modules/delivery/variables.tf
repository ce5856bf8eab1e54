variable "name" {
  description = "Name prefix, e.g. openkyb-dev."
  type        = string
}

variable "repositories" {
  description = "ECR repositories, one per service. ECR is account-wide: create them in one environment (dev) and promote the same images to prod."
  type        = list(string)
  default     = ["openkyb-api", "openkyb-screening"]
}

variable "force_delete_repositories" {
  description = "Allow destroying repositories that still hold images (dev only)."
  type        = bool
  default     = false
}

variable "keep_main_images" {
  description = "How many main-* images to keep per repository."
  type        = number
  default     = 50
}

variable "static_site_bucket" {
  type = string
}

variable "static_site_bucket_arn" {
  type = string
}

variable "static_site_bucket_regional_domain_name" {
  type = string
}

variable "logs_bucket_domain_name" {
  description = "Bucket for CloudFront standard logs (ACL-enabled, SSE-S3)."
  type        = string
}

variable "aliases" {
  description = "Custom domain names for the distribution (must be covered by acm_certificate_arn)."
  type        = list(string)
  default     = []
}

variable "acm_certificate_arn" {
  description = "ACM certificate in us-east-1 for the aliases; required for TLSv1.2_2021 as the minimum protocol."
  type        = string
}

variable "web_acl_arn" {
  description = "WAFv2 web ACL (CLOUDFRONT scope) to associate, or null."
  type        = string
  default     = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
