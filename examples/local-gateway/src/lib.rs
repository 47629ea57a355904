//! sigv4kit-gateway: a local stand-in for Amazon API Gateway with the
//! `AWS_IAM` authorizer and a resource policy, plus the part of STS that
//! issues temporary credentials, so SigV4 clients can be tried end to end
//! without an AWS account. Signatures are checked by `sigv4kit::verify`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod access_log;
pub mod auth;
pub mod cli;
pub mod cognito;
pub mod config;
pub mod cors;
pub mod cred_endpoints;
pub mod identity;
pub mod multipart;
pub mod policy;
pub mod request_path;
pub mod routes;
pub mod server;
pub mod static_files;
pub mod sts;
pub mod uploads;
