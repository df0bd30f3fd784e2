//! The one HTTP client behind every request: CodePipeline's, and STS's and
//! SSO's when credentials need them. It honours what the AWS CLI honours for
//! all of them alike: `HTTP(S)_PROXY` and `NO_PROXY`, the CA bundle or
//! `--no-verify-ssl`, and the read timeout on every read of a response,
//! body included. TLS is set up only when an `https://` URL is first called,
//! so a plain-HTTP endpoint never loads a certificate.

use super::insecure;
use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode, TlsContext, TrustStore};
use aws_smithy_http_client::Connector;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

/// How `https://` URLs are trusted.
#[derive(Debug, Clone)]
pub enum Trust {
    /// The system's roots, or those of the CA bundle at this path; read
    /// when the first `https://` URL is called, never for plain HTTP.
    Verified { ca_bundle: Option<String> },
    /// `--no-verify-ssl`.
    Unverified,
}

/// The TLS set-up for verified connections.
fn tls_context(ca_bundle: Option<&str>) -> Result<TlsContext, String> {
    let Some(path) = ca_bundle else { return Ok(TlsContext::default()) };
    let pem = std::fs::read(path).map_err(|e| format!("Unable to read the CA bundle {path}: {e}"))?;
    TlsContext::builder()
        .with_trust_store(TrustStore::empty().with_pem_certificate(pem))
        .build()
        .map_err(|e| format!("Unusable CA bundle {path}: {e}"))
}

/// TLS that could not be set up: every call fails with the reason.
#[derive(Debug)]
pub struct Unusable(pub String);

impl HttpConnector for Unusable {
    fn call(&self, _: HttpRequest) -> HttpConnectorFuture {
        HttpConnectorFuture::ready(Err(ConnectorError::other(Box::new(TlsSetup(self.0.clone())), None)))
    }
}

/// Why TLS could not be set up (an unreadable CA bundle, say), as a
/// failure of its own so that it is reported as the AWS CLI reports it.
#[derive(Debug)]
pub struct TlsSetup(pub String);

impl std::fmt::Display for TlsSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TlsSetup {}

/// A connector's connect and read timeouts.
type Timeouts = (Option<Duration>, Option<Duration>);

#[derive(Debug, Clone)]
pub struct Transport {
    trust: Trust,
    /// Connectors made so far, one per connection settings (the service's
    /// client and the credential providers' may differ).
    made: Arc<Mutex<Vec<(Timeouts, SharedHttpConnector)>>>,
}

impl Transport {
    pub fn new(trust: Trust) -> Self {
        Transport { trust, made: Arc::default() }
    }
}

impl HttpClient for Transport {
    fn http_connector(&self, settings: &HttpConnectorSettings, components: &RuntimeComponents) -> SharedHttpConnector {
        let key = (settings.connect_timeout(), settings.read_timeout());
        let mut made = self.made.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, connector)) = made.iter().find(|(k, _)| *k == key) {
            return connector.clone();
        }
        let connector = SharedHttpConnector::new(Connection {
            trust: self.trust.clone(),
            settings: settings.clone(),
            components: components.clone(),
            plain: OnceLock::new(),
            secure: OnceLock::new(),
        });
        made.push((key, connector.clone()));
        connector
    }
}

#[derive(Debug)]
struct Connection {
    trust: Trust,
    settings: HttpConnectorSettings,
    components: RuntimeComponents,
    plain: OnceLock<SharedHttpConnector>,
    secure: OnceLock<SharedHttpConnector>,
}

impl Connection {
    fn builder(&self) -> aws_smithy_http_client::ConnectorBuilder {
        let mut builder =
            Connector::builder().connector_settings(self.settings.clone()).proxy_config(ProxyConfig::from_env());
        builder.set_sleep_impl(self.components.sleep_impl());
        builder
    }

    fn for_scheme(&self, https: bool) -> &SharedHttpConnector {
        if !https {
            return self.plain.get_or_init(|| SharedHttpConnector::new(self.builder().build_http()));
        }
        self.secure.get_or_init(|| match &self.trust {
            Trust::Verified { ca_bundle } => match tls_context(ca_bundle.as_deref()) {
                Ok(context) => SharedHttpConnector::new(
                    self.builder().tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc)).tls_context(context).build(),
                ),
                Err(reason) => SharedHttpConnector::new(Unusable(reason)),
            },
            Trust::Unverified => insecure::connector(&self.settings),
        })
    }
}

impl HttpConnector for Connection {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        // Only http and https are spoken; any other scheme (`--endpoint-url
        // ftp://host`) is refused here, before anything is sent anywhere
        // (a proxy included). Not retried: no attempt could do better.
        let scheme = request.uri().split_once("://").map_or("", |(scheme, _)| scheme);
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            let refused = UnsupportedScheme(scheme.to_ascii_lowercase());
            return HttpConnectorFuture::ready(Err(ConnectorError::other(refused.into(), None)));
        }
        let https = request.uri().starts_with("https://");
        let sent = self.for_scheme(https).call(request);
        let Some(limit) = self.settings.read_timeout() else { return sent };
        HttpConnectorFuture::new(async move {
            let mut response = sent.await?;
            let body = std::mem::replace(response.body_mut(), SdkBody::taken());
            *response.body_mut() = SdkBody::from_body_1_x(TimedBody::new(body, limit));
            Ok(response)
        })
    }
}

/// A request to a URL whose scheme is neither http nor https.
#[derive(Debug)]
pub struct UnsupportedScheme(pub String);

impl std::fmt::Display for UnsupportedScheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Not supported URL scheme {}", self.0)
    }
}

impl std::error::Error for UnsupportedScheme {}

/// A response body that fails when the server sends nothing for `limit`:
/// the read timeout covers each read, as a socket timeout does in the AWS
/// CLI, not only the wait for the headers.
struct TimedBody {
    inner: SdkBody,
    limit: Duration,
    quiet: Pin<Box<tokio::time::Sleep>>,
}

impl TimedBody {
    fn new(inner: SdkBody, limit: Duration) -> Self {
        TimedBody { inner, limit, quiet: Box::pin(tokio::time::sleep(limit)) }
    }
}

/// The read timeout ran out while a response body was being read.
#[derive(Debug)]
pub struct BodyTimeout(pub Duration);

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP read timeout occurred after {:?} while reading the response body", self.0)
    }
}

impl std::error::Error for BodyTimeout {}

impl http_body::Body for TimedBody {
    type Data = bytes::Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                let next = tokio::time::Instant::now() + this.limit;
                this.quiet.as_mut().reset(next);
                Poll::Ready(frame)
            }
            Poll::Pending => match this.quiet.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(BodyTimeout(this.limit).into()))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        http_body::Body::is_end_stream(&self.inner)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::Body::size_hint(&self.inner)
    }
}
