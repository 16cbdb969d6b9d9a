//! TLS for connections: a rustls connector (ring provider) whose certificate checks follow
//! libpq's sslmode levels, and a record of the protocol version each handshake settled on.
//! `prefer` and `allow` never verify; `require` verifies the chain only when a root
//! certificate file exists; `verify-ca` verifies the chain; `verify-full` adds the host name.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::db::params::{ConnParams, SslMode};
use crate::error::{Error, Result};

/// The driver's TLS policy for an sslmode; certificate checks live in the rustls verifier.
/// `allow` is approximated by `prefer` (TLS first), which only differs on servers that
/// refuse TLS connections outright.
pub fn driver_ssl_mode(mode: SslMode) -> tokio_postgres::config::SslMode {
    use tokio_postgres::config::SslMode as Driver;

    match mode {
        SslMode::Disable => Driver::Disable,
        SslMode::Allow | SslMode::Prefer => Driver::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => Driver::Require,
    }
}

/// Builds the connector for `params.sslmode`.
pub fn make_tls(params: &ConnParams) -> Result<MakeRustlsConnect> {
    make_observed_tls(params).map(|(connector, _)| connector)
}

/// Builds the connector plus a [`Handshake`] that reports the protocol of its last handshake.
pub fn make_observed_tls(params: &ConnParams) -> Result<(MakeRustlsConnect, Handshake)> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let handshake = Handshake::default();
    let verifier = Verifier {
        check: check_for(params)?,
        provider: provider.clone(),
        handshake: handshake.clone(),
    };

    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| Error::usage(format!("could not set up TLS: {err}")))?;
    let config = builder
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok((MakeRustlsConnect::new(config), handshake))
}

/// The root certificate file libpq would use: `sslrootcert`, else `~/.postgresql/root.crt`.
pub fn root_cert_path(params: &ConnParams) -> Option<PathBuf> {
    if let Some(path) = &params.sslrootcert {
        return Some(path.clone());
    }
    let home = std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            Some(
                nix::unistd::User::from_uid(nix::unistd::getuid())
                    .ok()??
                    .dir,
            )
        })?;
    Some(home.join(".postgresql").join("root.crt"))
}

/// Which protocol version the last TLS handshake used; shared with the verifier, which sees
/// the version when it checks the handshake signature.
#[derive(Debug, Clone, Default)]
pub struct Handshake(Arc<Mutex<Option<&'static str>>>);

impl Handshake {
    /// `TLSv1.3` or `TLSv1.2` after a TLS handshake, `None` when none happened.
    pub fn protocol(&self) -> Option<&'static str> {
        self.0.lock().ok().and_then(|slot| *slot)
    }

    /// Forgets the last handshake, before trying another host.
    pub fn reset(&self) {
        self.record(None);
    }

    fn record(&self, protocol: Option<&'static str>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = protocol;
        }
    }
}

/// What the verifier checks of the server certificate.
#[derive(Debug)]
enum Check {
    /// Accept any certificate (the handshake signature is still checked).
    Nothing,
    /// The chain must lead to a trusted root; the host name is not compared.
    Chain(Arc<WebPkiServerVerifier>),
    /// The chain and the host name (or IP address) must both match.
    ChainAndName(Arc<WebPkiServerVerifier>),
}

/// Picks the checks for the sslmode, loading the root certificates when they are needed.
fn check_for(params: &ConnParams) -> Result<Check> {
    let root = root_cert_path(params);
    match params.sslmode {
        SslMode::Disable | SslMode::Allow | SslMode::Prefer => Ok(Check::Nothing),
        SslMode::Require => match root.filter(|path| path.exists()) {
            Some(path) => Ok(Check::Chain(webpki_verifier(&path)?)),
            None => Ok(Check::Nothing),
        },
        SslMode::VerifyCa => Ok(Check::Chain(webpki_verifier(&required_root(root)?)?)),
        SslMode::VerifyFull => Ok(Check::ChainAndName(webpki_verifier(&required_root(root)?)?)),
    }
}

fn required_root(root: Option<PathBuf>) -> Result<PathBuf> {
    let Some(path) = root else {
        return Err(
            Error::usage("no root certificate file for sslmode verify-ca/verify-full")
                .with_help("pass sslrootcert=/path/to/root.crt or set PGSSLROOTCERT"),
        );
    };
    if path.as_os_str() == "system" {
        return Err(
            Error::usage("sslrootcert=system is not supported").with_help(
                "pass the path of the CA certificate that signed the server's certificate",
            ),
        );
    }
    if !path.exists() {
        return Err(Error::usage(format!(
            "root certificate file {} does not exist",
            path.display()
        ))
        .with_help("pass sslrootcert=/path/to/root.crt, or use sslmode=require to skip checks"));
    }
    Ok(path)
}

/// A webpki verifier trusting every certificate in the PEM file at `path`.
fn webpki_verifier(path: &Path) -> Result<Arc<WebPkiServerVerifier>> {
    let unreadable = |detail: String| {
        Error::usage(format!(
            "could not read root certificate file {}: {detail}",
            path.display()
        ))
        .with_help("sslrootcert must name a PEM file holding the CA certificate")
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
        .and_then(|iter| iter.collect())
        .map_err(|err| unreadable(err.to_string()))?;

    let mut roots = RootCertStore::empty();
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(unreadable("no usable certificates".to_string()));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .map_err(|err| unreadable(err.to_string()))
}

/// The server certificate verifier for every sslmode, recording the protocol version.
#[derive(Debug)]
struct Verifier {
    check: Check,
    provider: Arc<CryptoProvider>,
    handshake: Handshake,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let (webpki, name_matters) = match &self.check {
            Check::Nothing => return Ok(ServerCertVerified::assertion()),
            Check::Chain(webpki) => (webpki, false),
            Check::ChainAndName(webpki) => (webpki, true),
        };
        let verdict =
            webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now);
        match verdict {
            Err(err) if !name_matters && is_name_mismatch(&err) => {
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.handshake.record(Some("TLSv1.2"));
        let algorithms = &self.provider.signature_verification_algorithms;
        verify_tls12_signature(message, cert, dss, algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.handshake.record(Some("TLSv1.3"));
        let algorithms = &self.provider.signature_verification_algorithms;
        verify_tls13_signature(message, cert, dss, algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Whether a verification error says only that the certificate names another host.
pub(crate) fn is_name_mismatch(err: &rustls::Error) -> bool {
    matches!(
        err,
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};

    struct Pki {
        ca_pem: String,
        server: CertificateDer<'static>,
    }

    fn pki(ca_name: &str, server_name: &str) -> Pki {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::new()).unwrap();
        ca_params
            .distinguished_name
            .push(DnType::CommonName, ca_name);
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = ca_params.self_signed(&ca_key).unwrap();

        let key = KeyPair::generate().unwrap();
        let params = CertificateParams::new(vec![server_name.to_string()]).unwrap();
        let server = params.signed_by(&key, &ca, &ca_key).unwrap();
        Pki {
            ca_pem: ca.pem(),
            server: server.der().clone(),
        }
    }

    fn params(sslmode: SslMode, root: Option<&Path>) -> ConnParams {
        let env = |key: &str| (key == "USER").then(|| "u".to_string());
        let mut params = ConnParams::resolve(Some("host=db.example"), &env).unwrap();
        params.sslmode = sslmode;
        params.sslrootcert = root.map(Path::to_path_buf);
        params
    }

    fn verify(check: Check, pki: &Pki, name: &str) -> Result<ServerCertVerified, rustls::Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = Verifier {
            check,
            provider,
            handshake: Handshake::default(),
        };
        let name = ServerName::try_from(name.to_string()).unwrap();
        verifier.verify_server_cert(&pki.server, &[], &name, &[], UnixTime::now())
    }

    fn write_ca(dir: &Path, pki: &Pki) -> PathBuf {
        let path = dir.join("root.crt");
        std::fs::write(&path, &pki.ca_pem).unwrap();
        path
    }

    #[test]
    fn chain_only_ignores_the_name_but_not_the_issuer() {
        let dir = tempfile::tempdir().unwrap();
        let good = pki("pharmacy ca", "db.example");
        let root = write_ca(dir.path(), &good);
        let stranger = pki("stranger ca", "db.example");

        assert!(
            verify(
                Check::Chain(webpki_verifier(&root).unwrap()),
                &good,
                "other"
            )
            .is_ok()
        );
        let err = verify(
            Check::Chain(webpki_verifier(&root).unwrap()),
            &stranger,
            "db.example",
        );
        assert!(matches!(
            err,
            Err(rustls::Error::InvalidCertificate(
                CertificateError::UnknownIssuer
            ))
        ));
        assert!(verify(Check::Nothing, &stranger, "anything").is_ok());
    }

    #[test]
    fn full_verification_checks_the_name() {
        let dir = tempfile::tempdir().unwrap();
        let good = pki("pharmacy ca", "db.example");
        let root = write_ca(dir.path(), &good);

        let full = || Check::ChainAndName(webpki_verifier(&root).unwrap());
        assert!(verify(full(), &good, "db.example").is_ok());
        let err = verify(full(), &good, "other.example").unwrap_err();
        assert!(is_name_mismatch(&err), "{err:?}");
    }

    #[test]
    fn sslmode_picks_the_checks() {
        let dir = tempfile::tempdir().unwrap();
        let root = write_ca(dir.path(), &pki("pharmacy ca", "db.example"));
        let missing = dir.path().join("missing.crt");

        let check = |mode, root: Option<&Path>| check_for(&params(mode, root));
        assert!(matches!(
            check(SslMode::Prefer, Some(&root)),
            Ok(Check::Nothing)
        ));
        assert!(matches!(
            check(SslMode::Require, Some(&missing)),
            Ok(Check::Nothing)
        ));
        assert!(matches!(
            check(SslMode::Require, Some(&root)),
            Ok(Check::Chain(_))
        ));
        assert!(matches!(
            check(SslMode::VerifyCa, Some(&root)),
            Ok(Check::Chain(_))
        ));
        assert!(matches!(
            check(SslMode::VerifyFull, Some(&root)),
            Ok(Check::ChainAndName(_))
        ));

        let Err(err) = check(SslMode::VerifyCa, Some(&missing)) else {
            panic!("accepted")
        };
        assert!(err.message().contains("missing.crt"), "{}", err.message());
        let Err(err) = check(SslMode::VerifyFull, Some(Path::new("system"))) else {
            panic!("accepted")
        };
        assert!(err.message().contains("system"));
    }

    #[test]
    fn garbage_root_file_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("root.crt");
        std::fs::write(&path, "not a certificate").unwrap();
        let Err(err) = make_tls(&params(SslMode::VerifyCa, Some(&path))) else {
            panic!("accepted")
        };
        assert_eq!(err.kind(), crate::error::ErrorKind::Usage);
        assert!(err.message().contains("root.crt"));
        assert!(make_tls(&params(SslMode::Prefer, None)).is_ok());
    }

    #[test]
    fn driver_modes() {
        use tokio_postgres::config::SslMode as Driver;
        assert_eq!(driver_ssl_mode(SslMode::Disable), Driver::Disable);
        assert_eq!(driver_ssl_mode(SslMode::Allow), Driver::Prefer);
        assert_eq!(driver_ssl_mode(SslMode::VerifyFull), Driver::Require);
    }
}
