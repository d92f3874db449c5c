"""AWS collectors. Importing this package does not import boto3."""
