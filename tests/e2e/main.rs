//! End-to-end tests: the real binary, against a loopback stub or moto, and
//! beside the AWS CLI. One test binary, so the SDK is linked once.

mod proxy;
mod stub;
mod support;
mod synth;
mod terminal;
mod tools;
mod validation;

mod cli;
mod credentials;
mod examples;
mod failures;
mod formats;
mod history;
mod hostile;
mod moto;
mod operate;
mod operations;
mod pagination;
mod parity;
mod prompt;
mod sdk;
mod shells;
mod shorthand;
