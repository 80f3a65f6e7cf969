# The resources of Stacks/firehose-demo.yaml, for Terraform 1.15 with hashicorp/aws 3.39,
# against the benchmark's local moto server (names prefixed tf- so both tools share it).
variable "endpoint" { type = string }
variable "access_key" { type = string }
variable "secret_key" { type = string }
variable "interval" {
  type    = number
  default = 60
}

provider "aws" {
  region                      = "sa-east-1"
  access_key                  = var.access_key
  secret_key                  = var.secret_key
  s3_force_path_style         = true
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  skip_get_ec2_platforms      = true
  skip_region_validation      = true
  endpoints {
    kinesis        = var.endpoint
    firehose       = var.endpoint
    s3             = var.endpoint
    iam            = var.endpoint
    sts            = var.endpoint
    cloudwatchlogs = var.endpoint
    glue           = var.endpoint
  }
}

locals {
  tags = { course = "kinesis", "streamstack:stack" = "tf-demo" }
}

resource "aws_kinesis_stream" "stream1" {
  name             = "tf-stream1"
  shard_count      = 1
  retention_period = 24
  tags             = local.tags
}

resource "aws_s3_bucket" "landing" {
  bucket        = "tf-firehose-demo-123456789012"
  force_destroy = true
  versioning {
    enabled = true
  }
  tags = local.tags
}

resource "aws_s3_bucket_ownership_controls" "landing" {
  bucket = aws_s3_bucket.landing.id
  rule {
    # aws 3.39 predates BucketOwnerEnforced; the calls made are the same.
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_public_access_block" "landing" {
  bucket                  = aws_s3_bucket.landing.id
  block_public_acls       = false
  ignore_public_acls      = false
  block_public_policy     = false
  restrict_public_buckets = false
}

resource "aws_iam_role" "firehose" {
  name = "tf-firehose-demo-delivery"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow", Action = "sts:AssumeRole"
      Principal = { Service = "firehose.amazonaws.com" }
      Condition = { StringEquals = { "sts:ExternalId" = "123456789012" } }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "firehose" {
  name = "firehose-delivery"
  role = aws_iam_role.firehose.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject"]
        Resource = [aws_s3_bucket.landing.arn, "${aws_s3_bucket.landing.arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"]
        Resource = aws_kinesis_stream.stream1.arn
      },
    ]
  })
}

resource "aws_kinesis_firehose_delivery_stream" "delivery" {
  name        = "tf-stream1-to-s3"
  destination = "extended_s3"
  kinesis_source_configuration {
    kinesis_stream_arn = aws_kinesis_stream.stream1.arn
    role_arn           = aws_iam_role.firehose.arn
  }
  extended_s3_configuration {
    role_arn            = aws_iam_role.firehose.arn
    bucket_arn          = aws_s3_bucket.landing.arn
    buffer_size         = 5
    buffer_interval     = var.interval
    prefix              = "raw/"
    error_output_prefix = "errors/"
    compression_format  = "UNCOMPRESSED"
  }
  tags = local.tags
}
