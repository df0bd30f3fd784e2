//! `--no-verify-ssl`: an HTTPS client that does not check the server's
//! certificate, as the AWS CLI allows for test endpoints with self-signed
//! certificates; through `HTTPS_PROXY` (a CONNECT tunnel) unless `NO_PROXY`
//! exempts the host, as every other client here. The SDK's own client has no such switch, so this one is
//! built from the same parts (hyper, hyper-rustls, rustls with aws-lc).

use aws_smithy_runtime_api::client::http::{
    HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_types::body::SdkBody;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::{connect::HttpConnector as TcpConnector, Client};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioExecutor;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

type Https = hyper_rustls::HttpsConnector<TcpConnector>;
type Tunnelled = hyper_rustls::HttpsConnector<Tunnel<TcpConnector>>;

/// The two ways out: straight to the server, or through the proxy that
/// `HTTPS_PROXY` names (a CONNECT tunnel), unless `NO_PROXY` exempts the host.
#[derive(Debug, Clone)]
enum Route {
    Direct(Client<Https, SdkBody>),
    Proxied(Client<Tunnelled, SdkBody>),
}

fn tls_config() -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("Unable to set up TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
        .with_no_client_auth())
}

/// A connector for `https://` URLs under `--no-verify-ssl`.
pub fn connector(settings: &HttpConnectorSettings) -> SharedHttpConnector {
    match tls_config() {
        Ok(tls) => SharedHttpConnector::new(Connection {
            tls,
            proxies: Matcher::from_env(),
            direct: OnceLock::new(),
            proxied: Mutex::new(Vec::new()),
            read_timeout: settings.read_timeout(),
            connect_timeout: settings.connect_timeout(),
        }),
        Err(message) => SharedHttpConnector::new(super::transport::Unusable(message)),
    }
}

struct Connection {
    tls: rustls::ClientConfig,
    proxies: Matcher,
    direct: OnceLock<Client<Https, SdkBody>>,
    /// One client per proxy URL met so far.
    proxied: Mutex<Vec<(String, Client<Tunnelled, SdkBody>)>>,
    read_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").field("read_timeout", &self.read_timeout).finish_non_exhaustive()
    }
}

impl Connection {
    /// TCP with `--cli-connect-timeout`, for URLs of any scheme (TLS goes on top).
    fn tcp(&self) -> TcpConnector {
        let mut tcp = TcpConnector::new();
        tcp.enforce_http(false);
        tcp.set_connect_timeout(self.connect_timeout);
        tcp
    }

    fn route(&self, uri: &http::Uri) -> Route {
        let builder = || {
            hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(self.tls.clone()).https_or_http().enable_http1()
        };
        let Some(intercept) = self.proxies.intercept(uri) else {
            let direct = self
                .direct
                .get_or_init(|| Client::builder(TokioExecutor::new()).build(builder().wrap_connector(self.tcp())));
            return Route::Direct(direct.clone());
        };
        let key = intercept.uri().to_string();
        let mut proxied = self.proxied.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, client)) = proxied.iter().find(|(k, _)| *k == key) {
            return Route::Proxied(client.clone());
        }
        let mut tunnel = Tunnel::new(intercept.uri().clone(), self.tcp());
        if let Some(auth) = intercept.basic_auth() {
            tunnel = tunnel.with_auth(auth.clone());
        }
        let client = Client::builder(TokioExecutor::new()).build(builder().wrap_connector(tunnel));
        proxied.push((key, client.clone()));
        Route::Proxied(client)
    }
}

impl HttpConnector for Connection {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let request = match request.try_into_http1x() {
            Ok(request) => request,
            Err(e) => return HttpConnectorFuture::ready(Err(ConnectorError::user(e.into()))),
        };
        let route = self.route(request.uri());
        let read_timeout = self.read_timeout;
        HttpConnectorFuture::new(async move {
            let sent = async {
                match route {
                    Route::Direct(client) => client.request(request).await,
                    Route::Proxied(client) => client.request(request).await,
                }
            };
            let response = match read_timeout {
                Some(limit) => {
                    tokio::time::timeout(limit, sent).await.map_err(|e| ConnectorError::timeout(e.into()))?
                }
                None => sent.await,
            };
            let response = response.map_err(|e| {
                if e.is_connect() {
                    ConnectorError::io(e.into())
                } else {
                    ConnectorError::other(e.into(), None)
                }
            })?;
            HttpResponse::try_from(response.map(SdkBody::from_body_1_x))
                .map_err(|e| ConnectorError::other(e.into(), None))
        })
    }
}

/// Accepts any certificate, but still checks that the handshake is signed
/// with the key it presents.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, signature, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, signature, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
