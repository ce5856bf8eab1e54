output "kms_key_arn" {
  value = aws_kms_key.data.arn
}

output "db_address" {
  value = aws_db_instance.postgres.address
}

output "db_port" {
  value = aws_db_instance.postgres.port
}

output "db_name" {
  value = aws_db_instance.postgres.db_name
}

output "db_username" {
  value = aws_db_instance.postgres.username
}

output "db_resource_id" {
  description = "For rds-db:connect IAM policies."
  value       = aws_db_instance.postgres.resource_id
}

output "redis_primary_endpoint" {
  value = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "exports_bucket" {
  value = aws_s3_bucket.exports.id
}

output "static_site_bucket" {
  value = aws_s3_bucket.static_site.id
}

output "static_site_bucket_arn" {
  value = aws_s3_bucket.static_site.arn
}

output "static_site_bucket_regional_domain_name" {
  value = aws_s3_bucket.static_site.bucket_regional_domain_name
}

output "access_logs_bucket_domain_name" {
  value = aws_s3_bucket.access_logs.bucket_domain_name
}

output "access_logs_bucket" {
  value = aws_s3_bucket.access_logs.id
}
