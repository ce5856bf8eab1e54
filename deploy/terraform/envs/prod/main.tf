locals {
  environment = "prod"
  name        = "openkyb-prod"

  tags = {
    Project     = "openkyb"
    Environment = local.environment
    ManagedBy   = "terraform"
  }
}

module "network" {
  source = "../../modules/network"

  name               = local.name
  cidr_block         = "10.20.0.0/16"
  single_nat_gateway = false
  tags               = local.tags
}

module "audit" {
  source = "../../modules/audit"

  name               = local.name
  access_logs_bucket = module.data.access_logs_bucket
  force_destroy      = false
  tags               = local.tags
}

module "eks" {
  source = "../../modules/eks"

  name                   = local.name
  vpc_id                 = module.network.vpc_id
  vpc_cidr_block         = module.network.vpc_cidr_block
  private_subnet_ids     = module.network.private_subnet_ids
  endpoint_public_access = true
  public_access_cidrs    = var.eks_public_access_cidrs
  logs_kms_key_arn       = module.audit.kms_key_arn

  node_groups = {
    default = {
      instance_types = ["m6i.xlarge"]
      min_size       = 3
      desired_size   = 3
      max_size       = 9
    }
  }

  tags = local.tags
}

module "secrets" {
  source = "../../modules/secrets"

  environment = local.environment
  db_address  = module.data.db_address
  db_port     = module.data.db_port
  db_name     = module.data.db_name
  db_username = module.data.db_username
  tags        = local.tags

  redis_address = module.data.redis_primary_endpoint
}

module "data" {
  source = "../../modules/data"

  name                     = local.name
  vpc_id                   = module.network.vpc_id
  private_subnet_ids       = module.network.private_subnet_ids
  client_security_group_id = module.eks.cluster_security_group_id

  db_instance_class     = "db.r6g.large"
  db_password           = module.secrets.db_password
  multi_az              = true
  deletion_protection   = true
  backup_retention_days = 30

  redis_node_type               = "cache.r7g.large"
  redis_num_cache_clusters      = 2
  redis_auth_ssm_parameter_name = module.secrets.redis_auth_parameter_name

  tags = local.tags
}

module "delivery" {
  source = "../../modules/delivery"

  name                                    = local.name
  repositories                            = []
  force_delete_repositories               = false
  static_site_bucket                      = module.data.static_site_bucket
  static_site_bucket_arn                  = module.data.static_site_bucket_arn
  static_site_bucket_regional_domain_name = module.data.static_site_bucket_regional_domain_name
  logs_bucket_domain_name                 = module.data.access_logs_bucket_domain_name
  acm_certificate_arn                     = var.static_site_certificate_arn
  aliases                                 = var.static_site_aliases
  web_acl_arn                             = var.web_acl_arn
  tags                                    = local.tags
}

module "iam" {
  source = "../../modules/iam"

  environment       = local.environment
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer_url   = module.eks.oidc_issuer_url
  ssm_kms_key_arn   = module.secrets.kms_key_arn

  create_github_role  = false
  github_repository   = var.github_repository
  ecr_repository_arns = module.delivery.repository_arns
  ecr_kms_key_arn     = module.delivery.ecr_kms_key_arn

  tags = local.tags
}
