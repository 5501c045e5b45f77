//! A minimal blocking HTTP/1.1 client (plain `http://`): enough for
//! `log verify --url`, the witness protocol and the load generator.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use crate::store::TileSource;
use crate::Error;

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Splits `http://host:port/prefix` into (`host:port`, `/prefix`).
pub fn split_url(url: &str) -> Result<(String, String), Error> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| Error::BadRequest(format!("chỉ hỗ trợ http:// / only http:// URLs are supported: {url}")))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = if host.contains(':') { host.to_string() } else { format!("{host}:80") };
    Ok((host, path.trim_end_matches('/').to_string()))
}

/// One request on a fresh connection (`Connection: close`).
pub fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> Result<Response, Error> {
    let (host, path) = split_url(url)?;
    let path = if path.is_empty() { "/".to_string() } else { path };
    let addr = host
        .to_socket_addrs()
        .map_err(|e| Error::Io2(format!("{host}: {e}")))?
        .next()
        .ok_or_else(|| Error::Io2(format!("{host}: không phân giải được / cannot resolve")))?;
    let mut s = TcpStream::connect_timeout(&addr, timeout).map_err(|e| Error::Io2(format!("{url}: {e}")))?;
    s.set_read_timeout(Some(timeout)).ok();
    s.set_write_timeout(Some(timeout)).ok();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nAccept-Encoding: gzip, identity\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).and_then(|_| s.write_all(body)).map_err(|e| Error::Io2(format!("{url}: {e}")))?;
    let mut r = BufReader::new(s);
    read_response(&mut r).map_err(|e| match e {
        Error::Io(io) => Error::Io2(format!("{url}: {io}")),
        other => other,
    })
}

fn read_response<R: BufRead>(r: &mut R) -> Result<Response, Error> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Error::Io2(format!("phản hồi HTTP sai / malformed HTTP status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let find =
        |n: &str| headers.iter().find(|(k, _): &&(String, String)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if find("transfer-encoding").map(|v| v.eq_ignore_ascii_case("chunked")).unwrap_or(false) {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let n = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                .map_err(|_| Error::Io2("chunk HTTP sai / bad chunk".into()))?;
            if n == 0 {
                break;
            }
            let start = body.len();
            body.resize(start + n, 0);
            r.read_exact(&mut body[start..])?;
            line.clear();
            r.read_line(&mut line)?;
        }
    } else if let Some(n) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(n, 0);
        r.read_exact(&mut body)?;
    } else {
        r.read_to_end(&mut body)?;
    }
    if find("content-encoding").map(|v| v.eq_ignore_ascii_case("gzip")).unwrap_or(false) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&body[..]).read_to_end(&mut out)?;
        body = out;
    }
    Ok(Response { status, headers, body })
}

/// A log served over HTTP (C2SP tlog-tiles paths under `base`).
pub struct HttpSource {
    pub base: String,
    pub timeout: Duration,
}

impl TileSource for HttpSource {
    fn get(&self, path: &str) -> Result<Option<Vec<u8>>, Error> {
        let url = format!("{}/{path}", self.base.trim_end_matches('/'));
        let r = request("GET", &url, &[], &[], self.timeout)?;
        match r.status {
            200 => Ok(Some(r.body)),
            404 | 410 => Ok(None),
            s => Err(Error::Io2(format!("GET {url}: HTTP {s}"))),
        }
    }
}
