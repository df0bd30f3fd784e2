//! Sending requests: the SDK client built from aws-config's default chain,
//! the profile's CLI settings and the global options; the call itself,
//! paginated or not.

mod codec;
mod credentials;
mod debug;
mod dispatch;
mod endpoint;
mod errors;
mod insecure;
mod outline;
mod paginate;
mod process;
mod recorder;
mod region;
mod role;
mod survey;
mod to_value;
mod transport;
mod wire_order;

#[cfg(test)]
pub use paginate::{feed, Merged};
pub use paginate::{Listing, PageStart, Paging};

use crate::error::CliError;
use crate::model::Operation;
use crate::settings::Settings;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_codepipeline::Client;
use aws_smithy_types::body::SdkBody;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::ops::ControlFlow;
use std::time::Duration;

/// The global options that shape the client.
#[derive(Debug, Default, Clone)]
pub struct ClientOptions {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
    pub debug: bool,
    /// Seconds; 0 means no limit. The AWS CLI's default is 60 for both.
    pub read_timeout: Option<u64>,
    pub connect_timeout: Option<u64>,
    pub ca_bundle: Option<String>,
    /// `--no-verify-ssl`: accept any server certificate.
    pub no_verify_ssl: bool,
    /// Whether a person is there to answer a prompt (an MFA code); not
    /// while a word is being completed.
    pub interactive: bool,
}

pub const NO_REGION: &str =
    "You must specify a region. You can also configure your region by running \"aws configure\".";

const DEFAULT_TIMEOUT_SECONDS: u64 = 60;

/// Checks an endpoint URL as the AWS CLI does, before anything is sent: no
/// scheme is a usage error; no valid host name is botocore's "Invalid
/// endpoint". A scheme other than http and https passes here, as in the
/// AWS CLI, and is refused by the transport when a request would be sent.
pub fn check_endpoint_url(url: &str) -> Result<(), CliError> {
    let Some((_, rest)) = endpoint::split_scheme(url) else {
        return Err(CliError::Usage(format!(
            "Bad value for --endpoint-url \"{url}\": scheme is missing.  \
             Must be of the form http://<hostname>/ or https://<hostname>/"
        )));
    };
    if endpoint::has_valid_host(rest) {
        Ok(())
    } else {
        Err(CliError::Other(format!("Invalid endpoint: {url}")))
    }
}

/// An SDK client, and what it needs to give responses back as the AWS CLI does.
pub struct Invoker {
    client: Client,
    recorder: recorder::Recorder,
    max_attempts: u32,
}

impl Invoker {
    pub async fn new(options: &ClientOptions, settings: &Settings) -> Result<Self, CliError> {
        let retry = retry_config(settings)?;
        let max_attempts = retry.max_attempts();
        let transport = http_client(options, settings)?;
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(transport.clone())
            .retry_config(retry.clone())
            .timeout_config(timeout_config(options));
        if let Some(region) = &options.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(profile) = crate::settings::selected_profile(options.profile.as_deref()) {
            loader = loader.profile_name(profile);
        }
        if let Some(keys) = env_credentials()?.filter(|_| options.profile.is_none()) {
            // The AWS CLI takes these first too. Naming the provider skips
            // building the rest of the chain, whose STS client would load
            // every root certificate on the machine at start-up.
            loader = loader.credentials_provider(keys);
        }
        if let Some(url) = &options.endpoint_url {
            check_endpoint_url(url)?;
            loader = loader.endpoint_url(url);
        }
        let shared = loader.load().await;
        // From any source (flag, environment, profile), checked before
        // anything is sent, as botocore does on creating the client.
        match shared.region() {
            None => return Err(CliError::Config(NO_REGION.to_string())),
            Some(region) => region::check(region.as_ref())?,
        }
        let recorder = recorder::Recorder::default();
        let mut config = aws_sdk_codepipeline::config::Builder::from(&shared).interceptor(recorder.clone());
        if let Some((source, provider)) = credentials(options, settings, &shared, transport, retry) {
            config =
                config.credentials_provider(credentials::Checked { source, inner: provider, debug: options.debug });
        }
        if options.debug {
            config = config.interceptor(debug::Trace::default());
        }
        Ok(Invoker { client: Client::from_conf(config.build()), recorder, max_attempts })
    }

    /// An invoker for calls made beside this one's (several requests in
    /// flight): the same client settings (credentials, retries, endpoint),
    /// with a recorder of its own, since a recorder follows one call at a time.
    pub fn lane(&self) -> Invoker {
        let recorder = recorder::Recorder::default();
        let config = self.client.config().to_builder().interceptor(recorder.clone()).build();
        Invoker { client: Client::from_conf(config), recorder, max_attempts: self.max_attempts }
    }

    /// Calls `op` with `input`, returning the response as the AWS CLI shows
    /// it (model member order, local timestamps); with `paging`, every page
    /// (up to `--max-items`) merged into one.
    pub async fn call(
        &self,
        op: Operation<'_>,
        input: Map<String, Value>,
        paging: Option<&Paging>,
    ) -> Result<Value, CliError> {
        match (result_key(op), paging) {
            (Some(result_key), Some(paging)) => {
                let (resume, merged) = self.call_pages(op, input, paging, paginate::Merged::default()).await?;
                Ok(merged.finish(&result_key, resume))
            }
            _ => {
                let fetched = self.fetch(op, input).await?;
                present(op, fetched)
            }
        }
    }

    /// Calls the paginated `op`, handing each page's share of the result list
    /// to `sink` item by item as it is converted, until `sink` wants no more;
    /// returns the token that resumes after `--max-items`, and the sink.
    /// Pages are converted on a thread of their own while this one fetches
    /// the next: a long listing then takes little longer than its requests.
    pub async fn call_pages<S: Listing>(
        &self,
        op: Operation<'_>,
        input: Map<String, Value>,
        paging: &Paging,
        sink: S,
    ) -> Result<(Option<String>, S), CliError> {
        let paginator = paginator(op).ok_or_else(|| CliError::Other(format!("{} does not paginate", op.name())))?;
        let (sender, pages) = std::sync::mpsc::channel::<(Fetched, paginate::Slice)>();
        let name = op.name().to_string();
        let result_key = paginator.result_key.clone();
        let converter = std::thread::spawn(move || -> Result<S, CliError> {
            let op = crate::model::model()
                .operation(&name)
                .ok_or_else(|| CliError::Other(format!("no operation {name}")))?;
            let mut sink = sink;
            for (fetched, slice) in pages {
                if stream_page(op, &fetched, &result_key, slice, &mut sink)?.is_break() {
                    break;
                }
            }
            Ok(sink)
        });
        let fetch = |page_input| async {
            let fetched = self.fetch(op, page_input).await?;
            let outline = outline::outline(fetched.output.as_ref(), &paginator).map_err(CliError::Other)?;
            Ok((fetched, outline))
        };
        // A send fails once the converter has stopped (on an error, which its
        // join reports, or because its taker wants no more): fetch no further.
        let walked = paginate::walk(&paginator, paging, input, fetch, &mut |fetched, slice| match sender
            .send((fetched, slice))
        {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => ControlFlow::Break(()),
        })
        .await;
        drop(sender);
        let converted = converter.join().map_err(|_| CliError::Other("The response converter stopped".into()))?;
        let resume = walked?;
        Ok((resume, converted?))
    }

    /// One request: the SDK's output, and the response body when its order matters (`wire_order`).
    async fn fetch(&self, op: Operation<'_>, input: Map<String, Value>) -> Result<Fetched, CliError> {
        let body = serde_json::to_vec(&input).map_err(|e| CliError::Other(e.to_string()))?;
        self.recorder.start(op.output().is_some_and(wire_order::needs_wire));
        let result = dispatch::dispatch(&self.client, op.name(), &body).await;
        let record = self.recorder.take();
        let output = result.map_err(|failure| failure.into_cli_error(op.name(), &record, self.max_attempts))?;
        Ok(Fetched { output, wire: record.body, ordered: record.keep_body })
    }
}

/// A response as it came: the SDK's output, its body, and whether the body's
/// map key order and members are to be restored (`wire_order`).
struct Fetched {
    output: Box<dyn dispatch::Output>,
    wire: Option<SdkBody>,
    ordered: bool,
}

/// A response as the AWS CLI shows it.
fn present(op: Operation<'_>, fetched: Fetched) -> Result<Value, CliError> {
    let wire = fetched.wire.as_ref().and_then(|body| body.bytes());
    let mut response = to_value::to_value(fetched.output.as_ref()).map_err(|e| CliError::Other(e.message(wire)))?;
    if let (Some(shape), Some(wire), true) = (op.output(), wire, fetched.ordered) {
        if let Ok(wire) = serde_json::from_slice::<Value>(wire) {
            wire_order::restore(&mut response, &wire, shape);
        }
    }
    Ok(response)
}

/// Hands `sink` a listing's page: its start, then its share of the result
/// list item by item, each converted and shown as the AWS CLI shows it
/// (`present`) while the rest of the page stays in the SDK's form.
fn stream_page(
    op: Operation<'_>,
    fetched: &Fetched,
    result_key: &str,
    slice: paginate::Slice,
    sink: &mut dyn Listing,
) -> Result<ControlFlow<()>, CliError> {
    let body = fetched.wire.as_ref().and_then(|body| body.bytes());
    let unreadable = |e: to_value::Unreadable| CliError::Other(e.message(body));
    // Checked before the first item goes out: a page that is printed as it comes cannot fail half-way.
    let surveyed = sink.surveys(slice.last, slice.count);
    let mut columns = if surveyed {
        survey::columns(fetched.output.as_ref(), result_key, &|index| slice.keeps(index)).map_err(unreadable)?
    } else {
        Vec::new()
    };
    let sent = body.filter(|_| fetched.ordered).and_then(|body| wire_order::sent_items(body, result_key));
    // Whether the list was sent: the SDK's output has one where the model requires it.
    let had_key = sent.as_ref().map_or(slice.had_key, Option::is_some);
    let wire_items = sent.flatten();
    let item_shape = op.output().and_then(|shape| shape.member(result_key)).and_then(|list| list.shape().list_member());
    if wire_items.is_some() && !columns.is_empty() {
        // Members the service did not send are dropped from each item (`wire_order`): no column for them.
        let mut sent_columns = std::collections::BTreeSet::new();
        for (_, item) in wire_items.iter().flatten().enumerate().filter(|(at, _)| slice.keeps(*at)) {
            // The members only, their values left as text: a scalar is neither an object nor an array.
            let members = serde_json::from_str::<std::collections::HashMap<String, &RawValue>>(item.get());
            sent_columns.extend(
                members.into_iter().flatten().filter(|(_, v)| !v.get().starts_with(['{', '['])).map(|(name, _)| name),
            );
        }
        columns.retain(|column| sent_columns.contains(column));
    }
    if sink.begin(&PageStart { had_key, surveyed, columns, last: slice.last }).is_break() {
        return Ok(ControlFlow::Break(()));
    }
    let mut index = 0;
    let mut flow = ControlFlow::Continue(());
    to_value::stream_list(fetched.output.as_ref(), result_key, &mut |mut item| {
        let at = index;
        index += 1;
        if flow.is_continue() && slice.keeps(at) {
            let sent = wire_items
                .as_ref()
                .and_then(|items| items.get(at))
                .and_then(|sent| serde_json::from_str(sent.get()).ok());
            if let (Some(shape), Some(sent)) = (item_shape, sent) {
                wire_order::restore(&mut item, &sent, shape);
            }
            flow = sink.item(item);
        }
    })
    .map_err(unreadable)?;
    if flow.is_break() {
        return Ok(flow);
    }
    Ok(sink.end())
}

fn paginator(op: Operation<'_>) -> Option<paginate::Paginator> {
    op.paginator()
}

/// The credentials provider, where the SDK's default will not do as the AWS
/// CLI does: an explicit `--profile` takes the environment's keys out of the
/// chain (the profile's own credentials sign, even with AWS_ACCESS_KEY_ID
/// set); a role profile is assumed through the AWS CLI's cache (`role`);
/// and credentials that come back expired are refused (`credentials`).
fn credentials(
    options: &ClientOptions,
    settings: &Settings,
    shared: &aws_types::SdkConfig,
    transport: transport::Transport,
    retry: RetryConfig,
) -> Option<(String, aws_credential_types::provider::SharedCredentialsProvider)> {
    use aws_credential_types::provider::SharedCredentialsProvider;
    let uses_profile = options.profile.is_some() || !env_has_credentials();
    let provider_config = aws_config::provider_config::ProviderConfig::without_region()
        .with_region(shared.region().cloned())
        .with_http_client(transport)
        .with_retry_config(retry)
        .with_timeout_config(timeout_config(options));
    let unusable = |reason: String| {
        Some(("a profile that cannot work".to_string(), SharedCredentialsProvider::new(credentials::Unusable(reason))))
    };
    if let Some(profile) = settings.profile().filter(|_| uses_profile) {
        // What botocore checks before it calls anything, in its words.
        if let Some(source) = profile.get("source_profile").filter(|source| !settings.has_profile(source)) {
            return unusable(format!(
                "The source_profile \"{source}\" referenced in the profile \"{}\" does not exist.",
                profile.name()
            ));
        }
        if let Some(file) = profile.get("web_identity_token_file").filter(|file| !std::path::Path::new(file).exists()) {
            return unusable(format!("[Errno 2] No such file or directory: '{file}'"));
        }
    }
    let role = settings.profile().filter(|_| uses_profile).and_then(|profile| {
        let request = role::RoleRequest::from_profile(profile)?;
        let source = match (profile.get("source_profile"), profile.get("credential_source")) {
            (Some(source), _) => SharedCredentialsProvider::new(
                aws_config::profile::ProfileFileCredentialsProvider::builder()
                    .profile_name(source)
                    .configure(&provider_config)
                    .build(),
            ),
            (None, Some("Environment")) => {
                SharedCredentialsProvider::new(aws_config::environment::EnvironmentVariableCredentialsProvider::new())
            }
            (None, Some("Ec2InstanceMetadata")) => SharedCredentialsProvider::new(
                aws_config::imds::credentials::ImdsCredentialsProvider::builder().configure(&provider_config).build(),
            ),
            (None, Some("EcsContainer")) => SharedCredentialsProvider::new(
                aws_config::ecs::EcsCredentialsProvider::builder().configure(&provider_config).build(),
            ),
            _ => return None,
        };
        // --endpoint-url is CodePipeline's; STS has its own (AWS_ENDPOINT_URL_STS,
        // else AWS_ENDPOINT_URL, which is every service's, else the default).
        let sts_endpoint = std::env::var("AWS_ENDPOINT_URL_STS")
            .ok()
            .filter(|url| !url.is_empty())
            .or_else(|| shared.endpoint_url().filter(|_| options.endpoint_url.is_none()).map(String::from));
        let label = format!("role {} assumed with the profile's source credentials", request.role_arn);
        Some((label, role::AssumedRole::new(request, shared, sts_endpoint, source, options.interactive)))
    });
    if let Some((label, role)) = role {
        return Some((label, SharedCredentialsProvider::new(role)));
    }
    // botocore's chain reaches credential_process after roles, SSO and keys.
    let process = settings.profile().filter(|_| uses_profile).and_then(|profile| {
        let others = ["role_arn", "sso_session", "sso_start_url", "aws_access_key_id"];
        profile.get("credential_process").filter(|_| others.iter().all(|key| profile.get(key).is_none()))
    });
    if let Some(command) = process {
        // The program only: its arguments may carry a token.
        let program = command.split_whitespace().next().unwrap_or_default();
        let label = format!("credential_process ({program})");
        return Some((label, SharedCredentialsProvider::new(process::CredentialProcess::new(command))));
    }
    if let Some(profile) = &options.profile {
        let profile_only = aws_config::profile::ProfileFileCredentialsProvider::builder()
            .profile_name(profile)
            .configure(&provider_config)
            .build();
        return Some((
            format!("profile {profile} (its own credentials only)"),
            SharedCredentialsProvider::new(profile_only),
        ));
    }
    let label = if env_has_credentials() {
        "environment variables"
    } else {
        "the default chain (profile, SSO, process, container, instance metadata)"
    };
    shared.credentials_provider().map(|chain| (label.to_string(), chain))
}

/// The members that auto-pagination adds to the first request of `op`.
pub fn first_request(op: Operation<'_>, paging: &Paging) -> Map<String, Value> {
    paginator(op).map(|paginator| paging.first_request(&paginator)).unwrap_or_default()
}

/// The member that holds a paginated operation's result list.
pub fn result_key(op: Operation<'_>) -> Option<String> {
    paginator(op).map(|paginator| paginator.result_key)
}

fn env_has_credentials() -> bool {
    env_credentials().is_ok_and(|keys| keys.is_some())
}

/// Keys from the environment, as botocore reads them: the session token from
/// `AWS_SESSION_TOKEN`, else the legacy `AWS_SECURITY_TOKEN`.
fn env_credentials() -> Result<Option<aws_credential_types::Credentials>, CliError> {
    let var = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
    let token = var("AWS_SESSION_TOKEN").or_else(|| var("AWS_SECURITY_TOKEN"));
    match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
        (Some(key), Some(secret)) => {
            Ok(Some(aws_credential_types::Credentials::new(key, secret, token, None, "Environment")))
        }
        // Half a pair is a mistake to report, not a reason to sign with another identity.
        (Some(_), None) => {
            Err(CliError::Other("Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY".into()))
        }
        (None, Some(_)) => Err(CliError::Other("Partial credentials found in env, missing: AWS_ACCESS_KEY_ID".into())),
        (None, None) => Ok(None),
    }
}

/// Retries as the AWS CLI configures them: `AWS_RETRY_MODE` / `retry_mode`
/// (legacy, standard, adaptive; standard by default) and `AWS_MAX_ATTEMPTS` /
/// `max_attempts`. The SDK has no legacy mode: it gets standard retries with
/// legacy's five attempts.
fn retry_config(settings: &Settings) -> Result<RetryConfig, CliError> {
    let mode = settings.get("AWS_RETRY_MODE", "retry_mode").unwrap_or_else(|| "standard".into());
    let (config, default_attempts) = match mode.trim() {
        "standard" => (RetryConfig::standard(), 3),
        // The SDK's adaptive limiter waits tens of seconds before a retry
        // where botocore's waits about two; its standard backoff is what the
        // AWS CLI's adaptive mode amounts to for a single command.
        "adaptive" => (RetryConfig::standard(), 3),
        "legacy" => (RetryConfig::standard(), 5),
        other => {
            return Err(CliError::Config(format!(
                "Invalid value for retry_mode: '{other}'. Valid values are: legacy, standard, adaptive"
            )))
        }
    };
    let attempts = match settings.get("AWS_MAX_ATTEMPTS", "max_attempts") {
        None => default_attempts,
        Some(text) => match text.trim().parse::<u32>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(CliError::Config(format!(
                    "Invalid value for max_attempts: '{text}'. It must be a whole number of at least 1"
                )))
            }
        },
    };
    Ok(config.with_max_attempts(attempts))
}

fn timeout_config(options: &ClientOptions) -> TimeoutConfig {
    let mut builder = TimeoutConfig::builder();
    builder = match options.connect_timeout.unwrap_or(DEFAULT_TIMEOUT_SECONDS) {
        0 => builder.disable_connect_timeout(),
        seconds => builder.connect_timeout(Duration::from_secs(seconds)),
    };
    builder = match options.read_timeout.unwrap_or(DEFAULT_TIMEOUT_SECONDS) {
        0 => builder.disable_read_timeout(),
        seconds => builder.read_timeout(Duration::from_secs(seconds)),
    };
    builder.build()
}

/// The HTTP client for every call, the credential providers' included: the
/// CA bundle replaces the system's roots, `--no-verify-ssl` accepts any
/// certificate; proxies and the read timeout apply to all (`transport`).
fn http_client(options: &ClientOptions, settings: &Settings) -> Result<transport::Transport, CliError> {
    if options.no_verify_ssl {
        return Ok(transport::Transport::new(transport::Trust::Unverified));
    }
    let ca_bundle = options.ca_bundle.clone().or_else(|| settings.get("AWS_CA_BUNDLE", "ca_bundle"));
    Ok(transport::Transport::new(transport::Trust::Verified { ca_bundle }))
}
