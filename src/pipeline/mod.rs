//! Beyond the AWS CLI: pipeline definitions checked offline (`validate`),
//! compared with what is deployed (`diff`), pipeline state made readable
//! (`status`, `watch`), and its history summed up (`history`, `stats`).
//! Pure functions over JSON values; the commands that use them live in
//! `crate::tools`.

pub mod diff;
pub mod history;
pub mod operate;
pub mod stats;
pub mod status;
pub(crate) mod time;
pub mod validate;
pub mod watch;
