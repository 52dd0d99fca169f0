//! Webhook code delivery (`--code-webhook URL`): each login code is POSTed as
//! `{"phone":"…","code":"…"}` to a plain `http://` URL, for a deployment's own SMS gateway or a
//! test harness. One HTTP/1.1 request per code over a tokio `TcpStream` (no TLS: put the receiver
//! on a trusted network or behind a local proxy). Delivery runs on its own task so the RPC that
//! issued the code never waits for the receiver; failures are logged.

use std::time::Duration;

use thiserror::Error;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::runtime::Handle;

use super::delivery::CodeDelivery;

/// How long one POST may take (connect, send, read the status line).
const POST_TIMEOUT: Duration = Duration::from_secs(10);
/// Most bytes of the answer read to find its status line.
const STATUS_LINE_MAX: usize = 1024;

/// Why a `--code-webhook` URL was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum UrlError {
    /// Not `http://…` (TLS is not supported).
    #[error("--code-webhook {0:?}: only http:// URLs are supported")]
    Scheme(String),
    /// No host.
    #[error("--code-webhook {0:?}: no host")]
    Host(String),
    /// The port is not a number in 1..=65535.
    #[error("--code-webhook {0:?}: bad port")]
    Port(String),
}

/// An `http://host[:port][/path]` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl {
    /// Host name or address (IPv6 without brackets).
    pub host: String,
    /// Port (80 when the URL has none).
    pub port: u16,
    /// Path and query, at least `/`.
    pub path: String,
}

impl HttpUrl {
    /// Parses an `http://` URL (a `#fragment` is dropped).
    pub fn parse(url: &str) -> Result<HttpUrl, UrlError> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| UrlError::Scheme(url.into()))?;
        let rest = rest.split('#').next().unwrap_or_default();
        let (authority, path) = match rest.find(['/', '?']) {
            Some(i) if rest[i..].starts_with('/') => (&rest[..i], rest[i..].to_string()),
            Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
            None => (rest, "/".to_string()),
        };
        let (host, port) = match authority.strip_prefix('[') {
            Some(v6) => {
                let (host, after) = v6
                    .split_once(']')
                    .ok_or_else(|| UrlError::Host(url.into()))?;
                (host, after.strip_prefix(':'))
            }
            None => match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            },
        };
        if host.is_empty() || host.contains('@') {
            return Err(UrlError::Host(url.into()));
        }
        let port = match port {
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|&p| p != 0)
                .ok_or_else(|| UrlError::Port(url.into()))?,
            None => 80,
        };
        Ok(HttpUrl {
            host: host.to_string(),
            port,
            path,
        })
    }

    /// The `Host` header's value.
    fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == 80 {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

/// POSTs codes to a URL from tasks on the given runtime.
#[derive(Debug, Clone)]
pub struct WebhookDelivery {
    url: HttpUrl,
    runtime: Handle,
}

impl WebhookDelivery {
    /// Delivery to `url`, spawning each POST on `runtime`.
    pub fn new(url: HttpUrl, runtime: Handle) -> WebhookDelivery {
        WebhookDelivery { url, runtime }
    }
}

impl CodeDelivery for WebhookDelivery {
    fn deliver(&self, phone: &str, code: &str) {
        let request = request(&self.url, phone, code);
        let url = self.url.clone();
        let phone = phone.to_string();
        self.runtime.spawn(async move {
            match tokio::time::timeout(POST_TIMEOUT, post(&url, &request)).await {
                Ok(Ok(status))
                    if status.starts_with("HTTP/1.1 2") || status.starts_with("HTTP/1.0 2") =>
                {
                    tracing::info!(phone, "login code delivered to the webhook");
                }
                Ok(Ok(status)) => tracing::warn!(phone, status, "code webhook refused the code"),
                Ok(Err(e)) => tracing::warn!(phone, error = %e, "code webhook unreachable"),
                Err(_) => tracing::warn!(phone, "code webhook timed out"),
            }
        });
    }
}

/// A JSON string literal's content for `s`.
fn json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// The full HTTP/1.1 request carrying one code.
fn request(url: &HttpUrl, phone: &str, code: &str) -> Vec<u8> {
    let body = format!(
        "{{\"phone\":\"{}\",\"code\":\"{}\"}}",
        json_escape(phone),
        json_escape(code)
    );
    format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        url.path,
        url.host_header(),
        body.len()
    )
    .into_bytes()
}

/// Sends `request` and returns the answer's status line.
async fn post(url: &HttpUrl, request: &[u8]) -> std::io::Result<String> {
    let mut stream = TcpStream::connect((url.host.as_str(), url.port)).await?;
    stream.write_all(request).await?;
    let mut answer = Vec::new();
    let mut chunk = [0u8; 256];
    while answer.len() < STATUS_LINE_MAX && !answer.contains(&b'\n') {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
    }
    let line = answer.split(|&b| b == b'\n').next().unwrap_or_default();
    Ok(String::from_utf8_lossy(line).trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    #[test]
    fn urls_parse_and_https_is_refused() {
        let url = HttpUrl::parse("http://127.0.0.1:8080/hooks/code?x=1#frag").unwrap();
        assert_eq!(
            (url.host.as_str(), url.port, url.path.as_str()),
            ("127.0.0.1", 8080, "/hooks/code?x=1")
        );
        assert_eq!(url.host_header(), "127.0.0.1:8080");
        let url = HttpUrl::parse("http://example.org").unwrap();
        assert_eq!((url.port, url.path.as_str()), (80, "/"));
        assert_eq!(url.host_header(), "example.org");
        let url = HttpUrl::parse("http://[::1]:9000?q").unwrap();
        assert_eq!(
            (url.host.as_str(), url.port, url.path.as_str()),
            ("::1", 9000, "/?q")
        );
        assert_eq!(url.host_header(), "[::1]:9000");
        assert!(matches!(
            HttpUrl::parse("https://x.org/"),
            Err(UrlError::Scheme(_))
        ));
        assert!(matches!(
            HttpUrl::parse("http://:80/"),
            Err(UrlError::Host(_))
        ));
        assert!(matches!(
            HttpUrl::parse("http://u@h/"),
            Err(UrlError::Host(_))
        ));
        assert!(matches!(
            HttpUrl::parse("http://h:0/"),
            Err(UrlError::Port(_))
        ));
        assert!(matches!(
            HttpUrl::parse("http://h:99999/"),
            Err(UrlError::Port(_))
        ));
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_escape("a\"b\\c\n"), "a\\\"b\\\\c\\u000a");
    }

    /// A loopback listener reads the POST that `deliver` sends from its own task.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn deliver_posts_the_code_as_json() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let url = HttpUrl::parse(&format!("http://127.0.0.1:{port}/code")).unwrap();
        WebhookDelivery::new(url, Handle::current()).deliver("9996621234", "22222");
        let (mut socket, _) = tokio::time::timeout(Duration::from_secs(60), listener.accept())
            .await
            .expect("the webhook connects")
            .unwrap();
        let mut received = Vec::new();
        let mut chunk = [0u8; 1024];
        let body = loop {
            let n = socket.read(&mut chunk).await.unwrap();
            assert!(n > 0, "request ended early: {received:?}");
            received.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&received).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .expect("a Content-Length header")
                    .parse()
                    .unwrap();
                if body.len() >= length {
                    assert!(head.starts_with("POST /code HTTP/1.1\r\n"), "{head}");
                    assert!(head.contains(&format!("Host: 127.0.0.1:{port}")), "{head}");
                    assert!(head.contains("Content-Type: application/json"), "{head}");
                    break body.to_string();
                }
            }
        };
        assert_eq!(body, r#"{"phone":"9996621234","code":"22222"}"#);
        socket
            .write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
            .await
            .unwrap();
    }
}
