data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id    = data.aws_caller_identity.current.account_id
  partition     = data.aws_partition.current.partition
  oidc_host     = replace(var.oidc_issuer_url, "https://", "")
  ssm_path_arn  = "arn:${local.partition}:ssm:${data.aws_region.current.name}:${local.account_id}:parameter/openkyb/${var.environment}/*"
  k8s_namespace = "openkyb-${var.environment}"
}

# --- IRSA: one role per ServiceAccount that reads /openkyb/<env>/* ---
# api and screening (namespace openkyb-<env>), and the External Secrets controller
# (namespace external-secrets, role external-secrets-<env>, see deploy/flux/infrastructure).

locals {
  irsa = merge(
    { for sa in var.service_accounts : sa => { role = "openkyb-${var.environment}-${sa}", namespace = local.k8s_namespace, service_account = sa } },
    var.external_secrets_role ? { external-secrets = { role = "external-secrets-${var.environment}", namespace = "external-secrets", service_account = "external-secrets" } } : {},
  )
}

resource "aws_iam_role" "irsa" {
  for_each = local.irsa

  name = each.value.role

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_host}:sub" = "system:serviceaccount:${each.value.namespace}:${each.value.service_account}"
          "${local.oidc_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "irsa_ssm" {
  for_each = aws_iam_role.irsa

  name = "read-openkyb-${var.environment}-parameters"
  role = each.value.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadParameters"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
        Resource = local.ssm_path_arn
      },
      {
        Sid      = "DecryptParameters"
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = var.ssm_kms_key_arn
        Condition = {
          StringEquals = { "kms:ViaService" = "ssm.${data.aws_region.current.name}.amazonaws.com" }
        }
      },
    ]
  })
}

# --- GitHub Actions OIDC: push images to ECR from the main branch of one repository ---

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_github_role && var.create_github_oidc_provider ? 1 : 0

  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]

  tags = var.tags
}

locals {
  github_oidc_provider_arn = length(aws_iam_openid_connect_provider.github) > 0 ? aws_iam_openid_connect_provider.github[0].arn : "arn:${local.partition}:iam::${local.account_id}:oidc-provider/token.actions.githubusercontent.com"
}

resource "aws_iam_role" "github_ecr_push" {
  count = var.create_github_role ? 1 : 0

  name = "openkyb-${var.environment}-github-ecr-push"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.github_oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:${var.github_repository}:ref:refs/heads/main"
        }
      }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "github_ecr_push" {
  #checkov:skip=CKV_AWS_355:ecr:GetAuthorizationToken does not support resource-level permissions; it must be granted on "*". Every other action is scoped to the repository ARNs.
  #checkov:skip=CKV_AWS_290:Same statement: ecr:GetAuthorizationToken only accepts Resource "*" (AWS service authorization reference).
  count = var.create_github_role ? 1 : 0

  name = "push-openkyb-images"
  role = aws_iam_role.github_ecr_push[0].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      },
      {
        Sid    = "PushImages"
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:CompleteLayerUpload",
          "ecr:DescribeImages",
          "ecr:GetDownloadUrlForLayer",
          "ecr:InitiateLayerUpload",
          "ecr:PutImage",
          "ecr:UploadLayerPart",
        ]
        Resource = var.ecr_repository_arns
      },
      {
        Sid      = "EncryptLayers"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = var.ecr_kms_key_arn
      },
    ]
  })
}
