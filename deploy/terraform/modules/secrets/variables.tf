variable "environment" {
  description = "dev or prod: parameters live under /openkyb/<environment>/."
  type        = string
}

variable "db_address" {
  description = "RDS address used to build database_url."
  type        = string
}

variable "db_port" {
  type    = number
  default = 5432
}

variable "db_name" {
  type    = string
  default = "openkyb"
}

variable "db_username" {
  type    = string
  default = "openkyb"
}

variable "redis_address" {
  description = "ElastiCache primary endpoint used to build redis_url."
  type        = string
}

variable "redis_port" {
  type    = number
  default = 6379
}

variable "tags" {
  type    = map(string)
  default = {}
}
