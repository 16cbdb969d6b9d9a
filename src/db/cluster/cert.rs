//! The throwaway cluster's TLS identity: a self-signed certificate for `localhost` only, so a
//! `verify-full` connection to `localhost` succeeds and one to `127.0.0.1` fails on the name.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::server_user::ServerUser;
use crate::error::{Error, Result};

/// File names of the certificate and key inside the data directory.
pub(super) const CERT_FILE: &str = "server.crt";
pub(super) const KEY_FILE: &str = "server.key";

/// Name of the world-readable copy of the certificate beside the data directory.
const ROOT_CERT_FILE: &str = "root.crt";

/// Writes `server.crt` and `server.key` (mode 0600) into `data_dir`, owned by the server user,
/// and a readable copy of the certificate into `folder`, whose path is returned.
pub(super) fn write_server_identity(
    data_dir: &Path,
    folder: &Path,
    user: &ServerUser,
) -> Result<PathBuf> {
    let (cert_pem, key_pem) = self_signed_localhost()
        .map_err(|e| Error::database(format!("could not generate a TLS certificate: {e}")))?;

    let cert_path = data_dir.join(CERT_FILE);
    let key_path = data_dir.join(KEY_FILE);
    write_file(&cert_path, cert_pem.as_bytes(), 0o600)?;
    write_file(&key_path, key_pem.as_bytes(), 0o600)?;
    user.give(&cert_path)?;
    user.give(&key_path)?;

    let root_path = folder.join(ROOT_CERT_FILE);
    write_file(&root_path, cert_pem.as_bytes(), 0o644)?;
    Ok(root_path)
}

/// A certificate and key in PEM whose only name, subject and alternative, is `localhost`.
fn self_signed_localhost() -> std::result::Result<(String, String), rcgen::Error> {
    let key_pair = rcgen::KeyPair::generate()?;
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_string()])?;
    let mut subject = rcgen::DistinguishedName::new();
    subject.push(rcgen::DnType::CommonName, "localhost");
    params.distinguished_name = subject;
    let cert = params.self_signed(&key_pair)?;
    Ok((cert.pem(), key_pair.serialize_pem()))
}

/// Creates `path` with `mode` (before any byte is written) and writes `bytes`.
fn write_file(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let fail =
        |e: std::io::Error| Error::database(format!("could not write {}: {e}", path.display()));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(fail)?;
    file.write_all(bytes).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn identity_files_have_the_right_modes() {
        let folder = tempfile::tempdir().unwrap();
        let data = folder.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let user = ServerUser::detect().unwrap();

        let root = write_server_identity(&data, folder.path(), &user).unwrap();

        let key_mode = std::fs::metadata(data.join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(key_mode & 0o777, 0o600);
        let root_mode = std::fs::metadata(&root).unwrap().permissions().mode();
        assert_eq!(root_mode & 0o777, 0o644);
        let pem = std::fs::read_to_string(&root).unwrap();
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert_eq!(pem, std::fs::read_to_string(data.join(CERT_FILE)).unwrap());
    }
}
