variable "name" {
  description = "Name prefix, e.g. openkyb-dev."
  type        = string
}

variable "vpc_id" {
  type = string
}

variable "private_subnet_ids" {
  type = list(string)
}

variable "client_security_group_id" {
  description = "Security group allowed to reach PostgreSQL and Redis (the EKS cluster security group)."
  type        = string
}

variable "postgres_engine_version" {
  type    = string
  default = "15.8"
}

variable "db_instance_class" {
  type    = string
  default = "db.t4g.medium"
}

variable "db_allocated_storage" {
  type    = number
  default = 20
}

variable "db_max_allocated_storage" {
  type    = number
  default = 100
}

variable "db_password" {
  description = "Master password (from the secrets module's random_password)."
  type        = string
  sensitive   = true
}

variable "multi_az" {
  description = "RDS Multi-AZ. true in prod."
  type        = bool
  default     = true
}

variable "deletion_protection" {
  description = "RDS deletion protection, final snapshot and no force_destroy on buckets. true in prod."
  type        = bool
  default     = true
}

variable "backup_retention_days" {
  type    = number
  default = 14
}

variable "redis_node_type" {
  type    = string
  default = "cache.t4g.small"
}

variable "redis_num_cache_clusters" {
  description = "Primary + replicas. >1 enables automatic failover and Multi-AZ."
  type        = number
  default     = 2
}

variable "redis_snapshot_retention_days" {
  type    = number
  default = 7
}

variable "redis_auth_ssm_parameter_name" {
  description = "SSM SecureString holding the Redis AUTH token (/openkyb/<env>/redis_auth)."
  type        = string
}

variable "exports_retention_days" {
  description = "Days before export files expire."
  type        = number
  default     = 30
}

variable "access_log_retention_days" {
  type    = number
  default = 365
}

variable "tags" {
  type    = map(string)
  default = {}
}
