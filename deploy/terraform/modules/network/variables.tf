variable "name" {
  description = "Name prefix, e.g. openkyb-dev."
  type        = string
}

variable "cidr_block" {
  description = "VPC CIDR (a /16 is expected: public /24s, private /20s)."
  type        = string
  default     = "10.0.0.0/16"
}

variable "availability_zones" {
  description = "Exactly three zone names; null means <region>a, <region>b, <region>c."
  type        = list(string)
  default     = null
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all AZs (cheaper, not AZ-resilient). Use false in prod."
  type        = bool
  default     = false
}

variable "flow_log_retention_days" {
  description = "Retention of the VPC flow-log group."
  type        = number
  default     = 365
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
