variable "name" {
  description = "Name prefix, e.g. openkyb-dev."
  type        = string
}

variable "access_logs_bucket" {
  description = "Bucket receiving S3 server access logs for the trail bucket."
  type        = string
}

variable "retention_days" {
  description = "Days before trail objects expire."
  type        = number
  default     = 2555
}

variable "log_group_retention_days" {
  type    = number
  default = 365
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
